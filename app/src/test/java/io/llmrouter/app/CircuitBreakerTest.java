package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.llmrouter.resilience.Breakers;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A deployment's circuit opens after repeated 5xx, keeps later requests away without calling it, and lets traffic back
 * after a probe once the open period is over; breaker settings come from Camel Main properties.
 */
class CircuitBreakerTest {

    private static final long OPEN_MILLIS = 2_500;

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: sick, provider: fake, upstream: up-sick }
                  - { id: blip, provider: fake, upstream: up-blip }
                  - { id: picky, provider: fake, upstream: up-picky }
                  - { id: healthy, provider: fake, upstream: up-healthy }
                """.formatted(upstream.baseUrl()), Map.of(
                "camel.component.llm.circuit-window", "4",
                "camel.component.llm.circuit-minimum-calls", "4",
                "camel.component.llm.circuit-failure-rate", "50",
                "camel.component.llm.circuit-open-millis", Long.toString(OPEN_MILLIS),
                "camel.component.llm.circuit-half-open-calls", "1",
                "camel.component.llm.slow-start-millis", "0"), null);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private static Breakers breakers() {
        return gw.engine().breakers();
    }

    private static String model(HttpResponse<String> r) {
        return r.headers().firstValue("x-llmrouter-model").orElse(null);
    }

    private static String attempts(HttpResponse<String> r) {
        return r.headers().firstValue("x-llmrouter-attempts").orElse(null);
    }

    @Test
    void theCircuitOpensAfterRepeated5xxThenSkipsTheUpstreamUntilAProbeAfterTheOpenPeriodFindsItRecovered()
            throws Exception {
        upstream.on("up-sick", Behavior.serverError());

        // two requests, each trying sick twice (one retry) before failing over: four failures open the circuit
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = gw.chat(body(false, "sick", "healthy"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(model(r)).isEqualTo("healthy");
        }
        assertThat(upstream.attempts("up-sick")).isEqualTo(4);
        assertThat(breakers().status("sick")).isEqualTo(CircuitStatus.OPEN);
        long openedAt = upstream.arrivals("up-sick").get(3);

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = gw.chat(body(false, "sick", "healthy"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(model(r)).isEqualTo("healthy");
            assertThat(attempts(r)).isEqualTo("1");
        }
        assertThat((System.nanoTime() - openedAt) / 1_000_000).as("still within the open period").isLessThan(OPEN_MILLIS);
        assertThat(upstream.attempts("up-sick")).isEqualTo(4);

        upstream.on("up-sick", Behavior.text("recovered"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> "sick".equals(model(gw.chat(body(false, "sick", "healthy")))));

        long probe = upstream.arrivals("up-sick").get(4);
        assertThat((probe - openedAt) / 1_000_000).isGreaterThanOrEqualTo(OPEN_MILLIS);
        assertThat(breakers().status("sick")).isEqualTo(CircuitStatus.CLOSED);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = gw.chat(body(false, "sick", "healthy"));
            assertThat(model(r)).isEqualTo("sick");
            assertThat(attempts(r)).isEqualTo("1");
        }
    }

    @Test
    void anUpstreamDownForAWhileGetsItsTrafficBackByItselfWhileCallersSeeNoError() throws Exception {
        upstream.on("up-blip", Behavior.downFor(Duration.ofSeconds(2), Behavior.serverError(), Behavior.text("back")));

        List<HttpResponse<String>> answers = new ArrayList<>();
        AtomicReference<String> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpResponse<String> r = gw.chat(body(false, "blip", "healthy"));
            answers.add(r);
            last.set(model(r));
            return answers.size() > 3 && "blip".equals(last.get());
        });

        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        long skipped = answers.stream().filter(r -> "healthy".equals(model(r)) && "1".equals(attempts(r))).count();
        assertThat(skipped).as("requests that went straight to the healthy model while the circuit was open")
                .isPositive();
        assertThat(breakers().status("blip")).isEqualTo(CircuitStatus.CLOSED);
    }

    @Test
    void callerErrorsNeverOpenACircuit() throws Exception {
        upstream.on("up-picky", Behavior.error(400, "invalid_request_error", null, "Invalid 'messages'."));

        for (int i = 0; i < 6; i++) {
            assertThat(gw.chat(body(false, "picky", "healthy")).statusCode()).isEqualTo(400);
        }

        assertThat(breakers().status("picky")).isEqualTo(CircuitStatus.CLOSED);
        assertThat(upstream.attempts("up-picky")).isEqualTo(6);
    }
}
