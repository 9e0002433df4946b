package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With the endpoint option hedgeAfter, a silent attempt gets the next candidate alongside; the slow one is cancelled. */
class HedgingTest {

    private static final long HEDGE_AFTER = 300;

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: slowpoke, provider: fake, upstream: up-slowpoke }
                  - { id: prompt, provider: fake, upstream: up-prompt }
                  - { id: quick, provider: fake, upstream: up-quick }
                """.formatted(upstream.baseUrl()), Map.of(), "hedgeAfter=" + HEDGE_AFTER);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        upstream.on("up-quick", Behavior.text("fast answer"));
    }

    private static long gapMillis(String first, String second) {
        return (upstream.arrivals(second).get(0) - upstream.arrivals(first).get(0)) / 1_000_000;
    }

    @Test
    void aSlowAnswerIsHedgedAndTheFastAnswerWinsWhileTheSlowCallIsCancelled() throws Exception {
        upstream.on("up-slowpoke", Behavior.delayed(10_000, Behavior.text("slow answer")));

        long start = System.nanoTime();
        HttpResponse<String> r = gw.chat(body(false, "slowpoke", "quick"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("quick");
        assertThat(Json.MAPPER.readTree(r.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("fast answer");
        assertThat(upstream.attempts("up-slowpoke")).isEqualTo(1);
        assertThat(upstream.attempts("up-quick")).isEqualTo(1);
        // the hedge starts hedgeAfter after the first attempt did, which the upstream sees a little later
        assertThat(gapMillis("up-slowpoke", "up-quick")).isPositive();
        assertThat(tookMs).isGreaterThanOrEqualTo(HEDGE_AFTER).isLessThan(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.closedBeforeEnd().contains("up-slowpoke"));
    }

    @Test
    void aStreamWithoutItsFirstTokenIsHedgedAndTheCallerGetsOneCompleteStream() throws Exception {
        upstream.on("up-slowpoke", Behavior.firstTokenAfter(10_000, "slow words"));

        long start = System.nanoTime();
        HttpResponse<String> r = gw.chat(body(true, "slowpoke", "quick"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("quick");
        assertThat(r.body()).endsWith("data: [DONE]\n\n").contains("fast").doesNotContain("slow");
        assertThat(gapMillis("up-slowpoke", "up-quick")).isPositive();
        assertThat(tookMs).isGreaterThanOrEqualTo(HEDGE_AFTER).isLessThan(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.closedBeforeEnd().contains("up-slowpoke"));
    }

    @Test
    void anAttemptThatAnswersInTimeIsNeverHedged() throws Exception {
        upstream.on("up-prompt", Behavior.text("in time"));

        HttpResponse<String> r = gw.chat(body(false, "prompt", "quick"));
        await().during(Duration.ofMillis(2 * HEDGE_AFTER)).atMost(Duration.ofSeconds(10))
                .until(() -> upstream.attempts("up-quick") == 0);

        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("prompt");
        assertThat(upstream.attempts("up-quick")).isZero();
    }
}
