package io.llmrouter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.CatalogLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The engine is usable alone: built with {@link LlmEngine#builder()} and answering a chat with no Camel on the class
 * path. The component's pom runs this test in an execution of its own that leaves every Camel jar out and sets the
 * property that enables it.
 */
@EnabledIfSystemProperty(named = "llmrouter.withoutCamel", matches = "true")
class EngineWithoutCamelTest {

    private static final String CATALOG = """
            providers:
              - id: sim
                type: sim
                sim: { ttft_ms: 1, jitter: 0, tokens_per_second: 100000, answer_tokens: 5 }
            models:
              - { id: sim-a, provider: sim, price: { input: 1, output: 2 } }
            """;

    @Test
    void runsWithoutCamelOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("org.apache.camel.CamelContext"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void answersAChatThroughTheSimulator() throws Exception {
        Catalog catalog = new CatalogLoader(name -> null).parse("sim.yaml", CATALOG.getBytes(StandardCharsets.UTF_8));
        try (LlmEngine engine = LlmEngine.builder().catalog(catalog).build()) {
            Routed<ChatResponse> routed = engine.chat(RequestCodec.readChat(
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"), RouteOptions.defaults())
                    .get(10, TimeUnit.SECONDS);

            assertThat(routed.model()).isEqualTo("sim-a");
            assertThat(routed.provider()).isEqualTo("sim");
            assertThat(routed.attemptCount()).isEqualTo(1);
            assertThat(routed.value().firstText()).startsWith("[simulated sim-a]");
            assertThat(routed.costUsd()).isPositive();
        }
    }
}
