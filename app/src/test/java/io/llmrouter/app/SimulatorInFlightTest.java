package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.llmrouter.engine.LlmEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests to the simulator leave no count behind, whether the caller waits for the answer, goes away before it, or
 * sends what the simulator could not build: both the simulator's load and the router's in-flight count of the model
 * come back to zero, so neither later latencies nor least-busy ranking are skewed.
 */
class SimulatorInFlightTest {

    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayFixture.start("""
                providers:
                  - id: sim
                    type: sim
                    sim: { ttft_ms: 5, jitter: 0, tokens_per_second: 10000, answer_tokens: 5 }
                models:
                  - { id: sim-fast, provider: sim }
                  - { id: sim-slow, provider: sim, sim: { ttft_ms: 60000, jitter: 0, tokens_per_second: 10000, answer_tokens: 5 } }
                  - { id: sim-slow-stream, provider: sim, sim: { ttft_ms: 60000, jitter: 0, tokens_per_second: 10000, answer_tokens: 5 } }
                  - { id: sim-embed, provider: sim, capabilities: [embeddings] }
                """, Map.of(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static LlmEngine engine() {
        return gateway.engine();
    }

    private static int counted(String model) {
        return engine().simControls().inFlight(model) + engine().state().stats(model).inFlight();
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return gateway.http().send(HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAnsweredRequestLeavesNothingCounted() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", GatewayFixture.body(false, "sim-fast"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> counted("sim-fast") == 0);
    }

    @Test
    void aCallerWhoLeavesBeforeTheFirstTokenOfAStreamLeavesNothingCounted() throws Exception {
        try (Socket socket = gateway.sendAndKeepOpen(GatewayFixture.body(true, "sim-slow-stream"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> engine().simControls().inFlight("sim-slow-stream") == 1);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> counted("sim-slow-stream") == 0);
    }

    @Test
    void aCallerWhoLeavesBeforeAPlainAnswerLeavesNothingCounted() throws Exception {
        try (Socket socket = gateway.sendAndKeepOpen(GatewayFixture.body(false, "sim-slow"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> engine().simControls().inFlight("sim-slow") == 1);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> counted("sim-slow") == 0);
    }

    @Test
    void embeddingDimensionsThatOnceHungTheSimulatorAreA400AndTheNextRequestIsServed() throws Exception {
        for (String dims : new String[] { "-5", "1000000000" }) {
            HttpResponse<String> r = post("/v1/embeddings", "{\"model\":\"sim-embed\",\"input\":\"x\",\"dimensions\":" + dims + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(GatewayTestSupport.json(r).path("error").path("param").asText()).isEqualTo("dimensions");
        }

        HttpResponse<String> ok = post("/v1/embeddings", "{\"model\":\"sim-embed\",\"input\":\"x\",\"dimensions\":8}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(GatewayTestSupport.json(ok).path("data").get(0).path("embedding")).hasSize(8);
        await().atMost(Duration.ofSeconds(10)).until(() -> counted("sim-embed") == 0);
    }
}
