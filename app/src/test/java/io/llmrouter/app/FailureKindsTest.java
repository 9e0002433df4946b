package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each kind of upstream failure gets its own policy, as the caller and the upstream see it over real HTTP. */
class FailureKindsTest {

    /** The default backoff's first bound (endpoint option backoff, 200 ms), plus slack for a loaded machine. */
    private static final long FIRST_BACKOFF_BOUND_MS = 200 + 1_500;

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        StringBuilder models = new StringBuilder();
        for (String m : List.of("flaky", "rl", "rl-nohdr", "rl-long", "down", "down-alone", "reset", "policy", "badkey",
                "badreq", "backup")) {
            models.append("  - { id: ").append(m).append(", provider: fake, upstream: up-").append(m)
                    .append(", price: { input: 1.0, output: 2.0 }, capabilities: [chat, streaming] }\n");
        }
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                  - { id: slow, type: openai, base_url: %s, api_key_env: FAKE_KEY, timeouts: { request_ms: 500 } }
                  - { id: dead, type: openai, base_url: "http://127.0.0.1:%d/v1" }
                models:
                %s  - { id: hang, provider: slow, upstream: up-hang, capabilities: [chat, streaming] }
                  - { id: refused, provider: dead, upstream: up-refused, capabilities: [chat, streaming] }
                  - { id: ctx-small, provider: fake, upstream: up-ctx-small, context_window: 4000 }
                  - { id: ctx-same, provider: fake, upstream: up-ctx-same, context_window: 4000 }
                  - { id: ctx-large, provider: fake, upstream: up-ctx-large, context_window: 32000 }
                """.formatted(upstream.baseUrl(), upstream.baseUrl(), FakeCatalog.deadPort(), models), Map.of(), null);
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

    private static String attempts(HttpResponse<String> r) {
        return r.headers().firstValue("x-llmrouter-attempts").orElse(null);
    }

    private static JsonNode error(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode e = Json.MAPPER.readTree(r.body()).path("error");
        assertThat(e.isObject()).as("OpenAI error JSON: %s", r.body()).isTrue();
        assertThat(e.has("message") && e.has("type") && e.has("param") && e.has("code")).as(r.body()).isTrue();
        return e;
    }

    private static String content(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body()).path("choices").get(0).path("message").path("content").asText();
    }

    @Test
    void a500OnceIsRetriedOnTheSameModelWithinTheJitteredBackoff() throws Exception {
        upstream.on("up-flaky", Behavior.times(1, Behavior.serverError(), Behavior.text("recovered")));

        HttpResponse<String> r = gw.chat(body(false, "flaky", "backup"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(content(r)).isEqualTo("recovered");
        assertThat(model(r)).isEqualTo("flaky");
        assertThat(attempts(r)).isEqualTo("2");
        assertThat(upstream.attempts("up-flaky")).isEqualTo(2);
        assertThat(upstream.attempts("up-backup")).isZero();
        assertThat(upstream.gapsMillis("up-flaky").get(0)).isBetween(0L, FIRST_BACKOFF_BOUND_MS);
    }

    @Test
    void a429WithRetryAfterIsRetriedNoSoonerThanTheUpstreamAsked() throws Exception {
        upstream.on("up-rl", Behavior.times(1, Behavior.rateLimited("1"), Behavior.text("after the wait")));

        HttpResponse<String> r = gw.chat(body(false, "rl", "backup"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(content(r)).isEqualTo("after the wait");
        assertThat(attempts(r)).isEqualTo("2");
        assertThat(upstream.attempts("up-rl")).isEqualTo(2);
        assertThat(upstream.attempts("up-backup")).isZero();
        assertThat(upstream.gapsMillis("up-rl").get(0)).isGreaterThanOrEqualTo(1_000L).isLessThan(1_000L + 3_000);
    }

    @Test
    void a429WithoutRetryAfterIsRetriedWithinTheJitteredBackoff() throws Exception {
        upstream.on("up-rl-nohdr", Behavior.times(1, Behavior.rateLimited(null), Behavior.text("ok")));

        HttpResponse<String> r = gw.chat(body(false, "rl-nohdr", "backup"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(upstream.attempts("up-rl-nohdr")).isEqualTo(2);
        assertThat(upstream.gapsMillis("up-rl-nohdr").get(0)).isBetween(0L, FIRST_BACKOFF_BOUND_MS);
    }

    @Test
    void a429AskingForLongerThanMaxRetryAfterFailsOverAtOnce() throws Exception {
        upstream.on("up-rl-long", Behavior.rateLimited("30"));

        HttpResponse<String> r = gw.chat(body(false, "rl-long", "backup"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(model(r)).isEqualTo("backup");
        assertThat(attempts(r)).isEqualTo("2");
        assertThat(upstream.attempts("up-rl-long")).isEqualTo(1);
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
        // and later requests keep away from it while it cools down
        HttpResponse<String> later = gw.chat(body(false, "rl-long", "backup"));
        assertThat(model(later)).isEqualTo("backup");
        assertThat(attempts(later)).isEqualTo("1");
        assertThat(upstream.attempts("up-rl-long")).isEqualTo(1);
    }

    @Test
    void aPersistent503IsRetriedOnceThenFailsOver() throws Exception {
        upstream.on("up-down", Behavior.overloaded());

        HttpResponse<String> r = gw.chat(body(false, "down", "backup"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(model(r)).isEqualTo("backup");
        assertThat(attempts(r)).isEqualTo("3");
        assertThat(upstream.attempts("up-down")).isEqualTo(2);
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
        assertThat(upstream.gapsMillis("up-down").get(0)).isBetween(0L, FIRST_BACKOFF_BOUND_MS);
    }

    @Test
    void aPersistent503WithNothingElseToTryIsACleanTyped503NamingTheAttempts() throws Exception {
        upstream.on("up-down-alone", Behavior.overloaded());

        long start = System.nanoTime();
        HttpResponse<String> r = gw.chat(body(false, "down-alone"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode e = error(r);
        assertThat(e.path("type").asText()).isEqualTo("api_error");
        assertThat(e.path("code").asText()).isEqualTo("all_attempts_failed");
        assertThat(e.path("message").asText()).contains("All 2 attempts failed").contains("down-alone")
                .contains("503");
        assertThat(upstream.attempts("up-down-alone")).isEqualTo(2);
        assertThat(tookMs).isLessThan(10_000);
    }

    @Test
    void aConnectionResetBeforeHeadersIsRetriedThenFailsOver() throws Exception {
        upstream.on("up-reset", Behavior.resetConnection());

        HttpResponse<String> r = gw.chat(body(false, "reset", "backup"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(model(r)).isEqualTo("backup");
        assertThat(attempts(r)).isEqualTo("3");
        assertThat(upstream.attempts("up-reset")).isEqualTo(2);
    }

    @Test
    void aRefusedConnectionFailsOver() throws Exception {
        HttpResponse<String> r = gw.chat(body(false, "refused", "backup"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(model(r)).isEqualTo("backup");
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
    }

    @Test
    void anUpstreamThatAcceptsAndNeverAnswersFailsOverAfterTheProviderRequestTimeout() throws Exception {
        upstream.on("up-hang", Behavior.hang());

        long start = System.nanoTime();
        HttpResponse<String> r = gw.chat(body(false, "hang", "backup"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(model(r)).isEqualTo("backup");
        assertThat(attempts(r)).isEqualTo("2");
        assertThat(upstream.attempts("up-hang")).isEqualTo(1);
        assertThat(tookMs).isGreaterThanOrEqualTo(500);
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.closedBeforeEnd().contains("up-hang"));
    }

    @Test
    void contextLengthExceededFailsOverOnlyToALargerContextWindow() throws Exception {
        upstream.on("up-ctx-small", Behavior.contextLengthExceeded(4000));

        HttpResponse<String> r = gw.chat(body(false, "ctx-small", "ctx-same", "ctx-large"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(model(r)).isEqualTo("ctx-large");
        assertThat(attempts(r)).isEqualTo("2");
        assertThat(upstream.attempts("up-ctx-small")).isEqualTo(1);
        assertThat(upstream.attempts("up-ctx-same")).isZero();
        assertThat(upstream.attempts("up-ctx-large")).isEqualTo(1);
    }

    @Test
    void contextLengthExceededWithNoLargerWindowIsPassedOnAsTheUpstreams400() throws Exception {
        upstream.on("up-ctx-small", Behavior.contextLengthExceeded(4000));

        HttpResponse<String> r = gw.chat(body(false, "ctx-small", "ctx-same"));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode e = error(r);
        assertThat(e.path("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(e.path("param").asText()).isEqualTo("messages");
        assertThat(e.path("message").asText()).startsWith("This model's maximum context length is 4000 tokens.");
        assertThat(upstream.attempts("up-ctx-same")).isZero();
    }

    @Test
    void aContentPolicyRefusalIsPassedOnAs400WithoutFallbacks() throws Exception {
        upstream.on("up-policy", Behavior.contentPolicyViolation());

        HttpResponse<String> r = gw.chat(body(false, "policy", "backup"));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode e = error(r);
        assertThat(e.path("code").asText()).isEqualTo("content_policy_violation");
        assertThat(e.path("message").asText()).contains("safety system");
        assertThat(upstream.attempts("up-policy")).isEqualTo(1);
        assertThat(upstream.attempts("up-backup")).isZero();
    }

    @Test
    void a401DisablesTheDeploymentSoLaterRequestsSkipIt() throws Exception {
        upstream.on("up-badkey", Behavior.invalidApiKey());

        HttpResponse<String> first = gw.chat(body(false, "badkey", "backup"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(model(first)).isEqualTo("backup");
        assertThat(attempts(first)).isEqualTo("2");
        assertThat(upstream.attempts("up-badkey")).isEqualTo(1);

        HttpResponse<String> second = gw.chat(body(false, "badkey", "backup"));
        assertThat(model(second)).isEqualTo("backup");
        assertThat(attempts(second)).isEqualTo("1");

        HttpResponse<String> alone = gw.chat(body(false, "badkey"));
        assertThat(alone.statusCode()).isEqualTo(503);
        assertThat(error(alone).path("message").asText()).contains("badkey").contains("rejected the credentials");
        assertThat(upstream.attempts("up-badkey")).isEqualTo(1);
        assertThat(alone.body()).doesNotContain(GatewayFixture.FAKE_KEY);
    }

    @Test
    void aCallers400IsNeverRetriedAndPassedOnUnchanged() throws Exception {
        upstream.on("up-badreq", Behavior.error(400, "invalid_request_error", "invalid_value",
                "Invalid value for 'temperature': must be between 0 and 2."));

        HttpResponse<String> r = gw.chat(body(false, "badreq", "backup"));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode e = error(r);
        assertThat(e.path("message").asText()).isEqualTo("Invalid value for 'temperature': must be between 0 and 2.");
        assertThat(e.path("code").asText()).isEqualTo("invalid_value");
        assertThat(upstream.attempts("up-badreq")).isEqualTo(1);
        assertThat(upstream.attempts("up-backup")).isZero();
    }
}
