package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.llmrouter.testing.FakeOpenAiUpstream.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The front route's llm:chat options shape the attempt loop: retries with exponential, fully jittered backoff, the
 * Retry-After cap, the request deadline, and content-policy fallbacks.
 */
class ResilienceEndpointOptionsTest {

    private static final long BACKOFF = 250;
    private static final long DEADLINE = 1_500;
    /** Loose allowance on top of a backoff bound for a loaded two-core machine. */
    private static final long SLACK = 1_000;

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: jitter, provider: fake, upstream: up-jitter }
                  - { id: rl, provider: fake, upstream: up-rl }
                  - { id: stuck, provider: fake, upstream: up-stuck }
                  - { id: stuck2, provider: fake, upstream: up-stuck2 }
                  - { id: policy, provider: fake, upstream: up-policy }
                  - { id: clean, provider: fake, upstream: up-clean }
                  - { id: spare, provider: fake, upstream: up-spare }
                """.formatted(upstream.baseUrl()),
                // a breaker that never opens here: these tests fail on purpose many times
                Map.of("camel.component.llm.circuit-window", "1000", "camel.component.llm.circuit-minimum-calls", "1000"),
                "retries=2&backoff=" + BACKOFF + "&backoffMax=10000&maxRetryAfter=1000&timeout=" + DEADLINE
                        + "&contentPolicyFallbacks=clean");
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

    @Test
    void retriesBackOffExponentiallyWithFullJitter() throws Exception {
        // each caller (told apart by the body's user field) fails twice, then gets its answer
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        upstream.on("up-jitter", call -> (calls.computeIfAbsent(call.body().path("user").asText(),
                k -> new AtomicInteger()).getAndIncrement() < 2 ? Behavior.serverError() : Behavior.text("ok"))
                .respond(call));
        int callers = 20;
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            sent.add(gw.http().sendAsync(gw.request("{\"model\":\"jitter\",\"user\":\"caller-" + i
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("3");
        }

        List<Long> firstGaps = new ArrayList<>();
        List<Long> secondGaps = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            String user = "caller-" + i;
            List<Long> at = upstream.requests("up-jitter").stream().filter(r -> user.equals(r.body().path("user").asText()))
                    .map(Received::arrivedNanos).sorted().toList();
            assertThat(at).hasSize(3);
            firstGaps.add((at.get(1) - at.get(0)) / 1_000_000);
            secondGaps.add((at.get(2) - at.get(1)) / 1_000_000);
        }
        // each wait is uniform in [0, backoff * 2^retry): within its bound...
        assertThat(firstGaps).allSatisfy(g -> assertThat(g).isBetween(0L, BACKOFF + SLACK));
        assertThat(secondGaps).allSatisfy(g -> assertThat(g).isBetween(0L, 2 * BACKOFF + SLACK));
        // ...spread over it (jitter: some waits are short), and the second bound is twice the first
        assertThat(firstGaps.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(BACKOFF / 2);
        assertThat(secondGaps.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(BACKOFF);
    }

    @Test
    void aRetryAfterLongerThanMaxRetryAfterFailsOverAtOnce() throws Exception {
        upstream.on("up-rl", Behavior.rateLimited("2"));

        HttpResponse<String> r = gw.chat(body(false, "rl", "spare"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(model(r)).isEqualTo("spare");
        assertThat(upstream.attempts("up-rl")).isEqualTo(1);
        assertThat((upstream.arrivals("up-spare").get(0) - upstream.arrivals("up-rl").get(0)) / 1_000_000)
                .isLessThan(2_000);
    }

    @Test
    void aRequestWhoseUpstreamsNeverAnswerEndsWithA504WithinItsDeadline() throws Exception {
        upstream.on("up-stuck", Behavior.hang());
        upstream.on("up-stuck2", Behavior.hang());

        for (String[] models : new String[][] { { "stuck" }, { "stuck", "stuck2" } }) {
            long start = System.nanoTime();
            HttpResponse<String> r = gw.chat(body(false, models));
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
            JsonNode e = Json.MAPPER.readTree(r.body()).path("error");
            assertThat(e.path("type").asText()).isEqualTo("api_error");
            assertThat(e.path("code").asText()).isEqualTo("deadline_exceeded");
            assertThat(e.path("message").asText()).contains("deadline");
            assertThat(tookMs).isGreaterThanOrEqualTo(DEADLINE).isLessThan(DEADLINE + 5_000);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.closedBeforeEnd().contains("up-stuck"));
    }

    @Test
    void aContentPolicyRefusalGoesToTheConfiguredFallback() throws Exception {
        upstream.on("up-policy", Behavior.contentPolicyViolation());
        upstream.on("up-clean", Behavior.text("a careful answer"));

        HttpResponse<String> r = gw.chat(body(false, "policy", "spare"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(model(r)).isEqualTo("clean");
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("2");
        assertThat(upstream.attempts("up-policy")).isEqualTo(1);
        assertThat(upstream.attempts("up-spare")).isZero();
    }

    @Test
    void aContentPolicyRefusalByTheFallbackTooIsPassedOn() throws Exception {
        upstream.on("up-policy", Behavior.contentPolicyViolation());
        upstream.on("up-clean", Behavior.contentPolicyViolation());

        HttpResponse<String> r = gw.chat(body(false, "policy", "spare"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("error").path("code").asText())
                .isEqualTo("content_policy_violation");
        assertThat(upstream.attempts("up-clean")).isEqualTo(1);
        assertThat(upstream.attempts("up-spare")).isZero();
    }
}
