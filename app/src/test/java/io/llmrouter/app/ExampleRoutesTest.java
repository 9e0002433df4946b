package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.llmrouter.camel.LlmComponent;
import io.llmrouter.camel.LlmHeaders;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.scoring.Candidate;
import io.llmrouter.scoring.RequestProfile;
import io.llmrouter.scoring.Strategy;
import io.llmrouter.state.RouterState;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every example route in examples/routes loads and answers through the strategy it names; user strategies plug in. */
class ExampleRoutesTest {

    private static final String CATALOG = """
            providers:
              - id: sim
                type: sim
                sim: { ttft_ms: 5, jitter: 0, tokens_per_second: 10000, answer_tokens: 5 }
            models:
              - { id: sim-large, provider: sim, price: { input: 2.5, output: 10 }, quality: 0.85 }
              - { id: sim-mini, provider: sim, price: { input: 0.15, output: 0.6 }, quality: 0.7 }
              - { id: sim-reasoner, provider: sim, price: { input: 3, output: 15 }, quality: 0.9 }
            learned:
              model_file: classpath:llmrouter/quality-model.bin
              profiles:
                sim-large: gpt-4-1106-preview
                sim-reasoner: gpt-4-1106-preview
                sim-mini: mistralai/Mixtral-8x7B-Instruct-v0.1
            """;

    static DefaultCamelContext camel;
    static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        camel = new DefaultCamelContext();
        Catalog catalog = new CatalogLoader(n -> null).parse("test.yaml", CATALOG.getBytes(StandardCharsets.UTF_8));
        LlmComponent llm = new LlmComponent();
        llm.setCatalog(catalog);
        camel.addComponent("llm", llm);
        camel.getRegistry().bind("lastFirst", new LastFirstStrategy());
        List<Resource> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(examplesDir())) {
            files.filter(p -> p.toString().endsWith(".yaml")).sorted()
                    .forEach(p -> resources.add(ResourceHelper.resolveResource(camel, "file:" + p)));
        }
        assertThat(resources).hasSizeGreaterThanOrEqualTo(10);
        PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        camel.stop();
    }

    static Path examplesDir() {
        Path here = Path.of("").toAbsolutePath();
        Path dir = here.resolve("../examples/routes").normalize();
        return Files.isDirectory(dir) ? dir : here.resolve("examples/routes");
    }

    @Test
    void everyStrategyExampleAnswersThroughItsStrategy() {
        for (String s : List.of("ordered", "cost", "latency", "throughput", "quality", "balanced", "weighted",
                "round-robin", "least-busy", "usage", "learned")) {
            Exchange ex = template.request("direct:strategy-" + s, e -> e.getMessage().setBody("Hello"));
            assertThat(ex.getException()).as(s).isNull();
            assertThat(ex.getMessage().getHeader(LlmHeaders.STRATEGY)).as(s).isEqualTo(s);
            assertThat(ex.getMessage().getHeader(LlmHeaders.MODEL, String.class)).as(s)
                    .isIn("sim-large", "sim-mini", "sim-reasoner");
            assertThat(ex.getMessage().getBody(String.class)).as(s).startsWith("[simulated ");
        }
    }

    @Test
    void costPicksTheCheapestAndQualityTheBest() {
        assertThat(template.request("direct:strategy-cost", e -> e.getMessage().setBody("Hi")).getMessage()
                .getHeader(LlmHeaders.MODEL)).isEqualTo("sim-mini");
        assertThat(template.request("direct:strategy-quality", e -> e.getMessage().setBody("Hi")).getMessage()
                .getHeader(LlmHeaders.MODEL)).isEqualTo("sim-reasoner");
    }

    @Test
    void aStrategyBeanInTheRegistryIsUsedByName() {
        Exchange ex = template.request("llm:chat?strategy=lastFirst&candidates=sim-large,sim-mini,sim-reasoner",
                e -> e.getMessage().setBody("Hi"));
        assertThat(ex.getException()).isNull();
        assertThat(ex.getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("sim-reasoner");
        assertThat(ex.getMessage().getHeader(LlmHeaders.STRATEGY)).isEqualTo("last-first");
    }

    @Test
    void theCallerCanOverrideTheStrategyWithAHeader() {
        Exchange ex = template.request("direct:strategy-ordered", e -> {
            e.getMessage().setBody("Hi");
            e.getMessage().setHeader("x-llmrouter-strategy", "cost");
            e.getMessage().setHeader("x-llmrouter-explain", "true");
        });
        assertThat(ex.getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("sim-mini");
        assertThat(ex.getMessage().getHeader(LlmHeaders.RANKING, String.class))
                .contains("\"strategy\":\"cost\"", "expected_cost_usd");
    }

    /** A user's own strategy: the given order reversed. */
    static final class LastFirstStrategy implements Strategy {
        @Override
        public String name() {
            return "last-first";
        }

        @Override
        public List<Candidate> rank(RequestProfile profile, List<Deployment> admissible, RouterState state) {
            List<Candidate> out = new ArrayList<>();
            for (int i = admissible.size() - 1; i >= 0; i--) {
                out.add(Candidate.of(admissible.get(i)));
            }
            return out;
        }
    }
}
