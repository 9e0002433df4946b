package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.llmrouter.api.LlmException;
import io.llmrouter.camel.LlmComponent;
import io.llmrouter.camel.LlmHeaders;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The EIP examples (choice, weighted canary, failover, circuitBreaker) route as they say, against a fake upstream. */
class EipCompositionTest {

    static FakeOpenAiUpstream upstream;
    static DefaultCamelContext camel;
    static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        String catalog = """
                providers:
                  - { id: fake, type: openai, base_url: %s }
                models:
                  - { id: sim-mini, provider: fake, upstream: up-mini, capabilities: [chat, tools, vision, streaming] }
                  - { id: sim-large, provider: fake, upstream: up-large, capabilities: [chat, tools, vision, streaming] }
                  - { id: sim-reasoner, provider: fake, upstream: up-reasoner, capabilities: [chat, tools, vision, streaming] }
                """.formatted(upstream.baseUrl());
        camel = new DefaultCamelContext();
        LlmComponent llm = new LlmComponent();
        llm.setCatalog(new CatalogLoader(n -> null).parse("eip.yaml", catalog.getBytes(StandardCharsets.UTF_8)));
        llm.setCircuitMinimumCalls(1000);
        camel.addComponent("llm", llm);
        List<Resource> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(ExampleRoutesTest.examplesDir())) {
            files.filter(p -> p.getFileName().toString().startsWith("eip-")).sorted()
                    .forEach(p -> resources.add(ResourceHelper.resolveResource(camel, "file:" + p)));
        }
        assertThat(resources).hasSize(4);
        PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private static Exchange send(String route, String body, String... headers) {
        return template.request("direct:" + route, e -> {
            e.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < headers.length; i += 2) {
                e.getMessage().setHeader(headers[i], headers[i + 1]);
            }
        });
    }

    private static final String PLAIN = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Test
    void choiceRoutesByHeaderToolsImagesOrElse() {
        assertThat(send("eip-choice", PLAIN, "x-tier", "premium").getMessage().getHeader(LlmHeaders.MODEL))
                .isEqualTo("sim-large");
        assertThat(send("eip-choice", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}").getMessage()
                .getHeader(LlmHeaders.MODEL)).isEqualTo("sim-large");
        assertThat(send("eip-choice", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}").getMessage()
                .getHeader(LlmHeaders.MODEL)).isEqualTo("sim-reasoner");
        assertThat(send("eip-choice", PLAIN).getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("sim-mini");
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void theCanarySplitsNinetyTen() {
        int large = 0;
        for (int i = 0; i < 200; i++) {
            large += "sim-large".equals(send("eip-canary", PLAIN).getMessage().getHeader(LlmHeaders.MODEL)) ? 1 : 0;
        }
        assertThat(large).isEqualTo(20);
    }

    @Test
    void failoverMovesOnOnlyForRetryableErrors() {
        upstream.on("up-large", Behavior.error(503, "server_error", null, "overloaded"));
        Exchange ok = send("eip-failover", PLAIN);
        assertThat(ok.getException()).isNull();
        assertThat(ok.getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("sim-mini");
        assertThat(upstream.attempts("up-large")).isEqualTo(1);

        upstream.reset();
        upstream.on("up-large", Behavior.error(400, "invalid_request_error", null, "bad request"));
        Exchange bad = send("eip-failover", PLAIN);
        assertThat(bad.getException()).isInstanceOfSatisfying(LlmException.class,
                e -> assertThat(e.status()).isEqualTo(400));
        assertThat(upstream.attempts("up-mini")).isZero();
    }

    @Test
    void theCircuitBreakerFallsBackAndThenStopsCallingTheSickModel() {
        upstream.on("up-large", Behavior.error(500, "server_error", null, "boom"));
        for (int i = 0; i < 4; i++) {
            Exchange e = send("eip-circuit-breaker", PLAIN);
            assertThat(e.getException()).isNull();
            assertThat(e.getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("sim-mini");
        }
        int callsWhenOpened = upstream.attempts("up-large");
        assertThat(callsWhenOpened).isEqualTo(4);
        for (int i = 0; i < 5; i++) {
            assertThat(send("eip-circuit-breaker", PLAIN).getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("sim-mini");
        }
        assertThat(upstream.attempts("up-large")).isEqualTo(callsWhenOpened);
    }
}
