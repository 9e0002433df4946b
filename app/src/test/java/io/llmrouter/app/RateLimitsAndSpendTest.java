package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Catalog rpm limits hold before sending (never learned from a 429), also under concurrency; failed attempts are
 * reported but only the answer is billed.
 */
class RateLimitsAndSpendTest {

    /** 10 prompt tokens at $1/M plus 3 completion tokens at $2/M: the fake upstream's usage for "one two three". */
    private static final double ONE_ANSWER_USD = (10 * 1.0 + 3 * 2.0) / 1_000_000;

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: limited, provider: fake, upstream: up-limited, limits: { rpm: 3 } }
                  - { id: limited-alone, provider: fake, upstream: up-limited-alone, limits: { rpm: 2 } }
                  - { id: limited-busy, provider: fake, upstream: up-limited-busy, limits: { rpm: 5 } }
                  - { id: priced, provider: fake, upstream: up-priced, price: { input: 1.0, output: 2.0 } }
                  - { id: spare, provider: fake, upstream: up-spare }
                """.formatted(upstream.baseUrl()), Map.of(), null);
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

    private static String model(HttpResponse<String> r) {
        return r.headers().firstValue("x-llmrouter-model").orElse(null);
    }

    private static double spend() {
        return gw.engine().state().spend("default");
    }

    @Test
    void theRequestOverAModelsRpmGoesToAnotherModelWithoutAskingTheLimitedOne() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = gw.chat(body(false, "limited", "spare"));
            assertThat(model(r)).isEqualTo("limited");
        }

        HttpResponse<String> fourth = gw.chat(body(false, "limited", "spare"));

        assertThat(fourth.statusCode()).isEqualTo(200);
        assertThat(model(fourth)).isEqualTo("spare");
        assertThat(fourth.headers().firstValue("x-llmrouter-attempts")).contains("1");
        assertThat(upstream.attempts("up-limited")).isEqualTo(3);
    }

    @Test
    void withNoOtherModelTheRequestOverTheRpmIsA503NamingTheHeadroom() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThat(gw.chat(body(false, "limited-alone")).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> r = gw.chat(body(false, "limited-alone"));

        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode e = Json.MAPPER.readTree(r.body()).path("error");
        assertThat(e.path("code").asText()).isEqualTo("no_healthy_candidate");
        assertThat(e.path("message").asText()).contains("limited-alone").contains("no rpm headroom")
                .contains("2 of 2");
        assertThat(upstream.attempts("up-limited-alone")).isEqualTo(2);
    }

    @Test
    void concurrentRequestsNeverOvershootTheRpm() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(gw.http().sendAsync(gw.request(body(false, "limited-busy", "spare")),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int onLimited = 0;
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            onLimited += "limited-busy".equals(model(r)) ? 1 : 0;
        }

        assertThat(onLimited).isEqualTo(5);
        assertThat(upstream.attempts("up-limited-busy")).isEqualTo(5);
        assertThat(upstream.attempts("up-spare")).isEqualTo(7);
    }

    @Test
    void failedAttemptsAreReportedButOnlyTheAnswerIsBilled() throws Exception {
        upstream.on("up-priced", Behavior.times(1, Behavior.serverError(), Behavior.text("one two three")));
        double before = spend();

        HttpResponse<String> r = gw.chat(body(false, "priced"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("2");
        assertThat(r.headers().firstValue("x-llmrouter-cost-usd")).contains("0.00001600");
        assertThat(spend() - before).isCloseTo(ONE_ANSWER_USD, within(1e-12));
    }

    @Test
    void aStreamWhoseFirstAttemptFailedIsBilledOnce() throws Exception {
        upstream.on("up-priced", Behavior.times(1, Behavior.serverError(), Behavior.text("one two three")));
        double before = spend();

        HttpResponse<String> r = gw.chat(body(true, "priced"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("2");
        assertThat(upstream.attempts("up-priced")).isEqualTo(2);
        assertThat(spend() - before).isCloseTo(ONE_ANSWER_USD, within(1e-12));
    }
}
