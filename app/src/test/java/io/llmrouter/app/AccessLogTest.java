package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The access log over real HTTP: one JSON line per /v1 request on the llmrouter.access logger, with the decision,
 * attempts, times, tokens and cost; prompts and answers only for a key with audit logging, with key material redacted.
 */
class AccessLogTest {

    static final String MASTER = "master-key-\"quoted\"-for-tests-0123456789";
    /** A secret of the shape of a virtual key that no key has: redacted all the same. */
    static final String LEAKED = "sk-llmr-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;
    static final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    static Logger access;
    static Level levelBefore;

    @BeforeAll
    static void start() throws Exception {
        access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
        levelBefore = access.getLevel();
        access.setLevel(Level.INFO); // the tests' logback configuration logs WARN and above
        lines.start();
        access.addAppender(lines);
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: bad, provider: fake, upstream: up-bad, price: { input: 1.0, output: 2.0 } }
                  - { id: good, provider: fake, upstream: up-good, price: { input: 1.0, output: 2.0 } }
                """.formatted(upstream.baseUrl()), Map.of("llmrouter.master-key", MASTER), "retries=0");
        adminOk("POST", "/admin/teams", "{\"id\":\"research\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
        access.detachAppender(lines);
        access.setLevel(levelBefore);
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        upstream.on("up-bad", Behavior.serverError());
        upstream.on("up-good", Behavior.text("one two three"));
    }

    static JsonNode adminOk(String method, String path, String json) throws Exception {
        HttpResponse<String> r = gw.admin(method, path, json, MASTER);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
        return Json.MAPPER.readTree(r.body());
    }

    static JsonNode newKey(String fields) throws Exception {
        return adminOk("POST", "/admin/keys", "{" + fields + "}");
    }

    /** The line of the request this response answered, once the response has ended and it is written. */
    static JsonNode lineOf(HttpResponse<String> r) throws Exception {
        String id = r.headers().firstValue("x-request-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> find(id) != null);
        String line = find(id);
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        return Json.MAPPER.readTree(line);
    }

    private static String find(String requestId) {
        for (ILoggingEvent e : List.copyOf(lines.list)) {
            if (e.getFormattedMessage().contains("\"request_id\":\"" + requestId + "\"")) {
                return e.getFormattedMessage();
            }
        }
        return null;
    }

    @Test
    void aPlainAnswerIsOneJsonLineWithTheDecisionTokensCostAndTimes() throws Exception {
        JsonNode key = newKey("\"name\":\"plain\",\"team\":\"research\"");
        HttpResponse<String> r = gw.chat(body(false, "good"), "Authorization", "Bearer " + key.path("key").asText());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        JsonNode line = lineOf(r);
        assertThat(Instant.parse(line.path("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(line.path("key_id").asText()).isEqualTo(key.path("id").asText());
        assertThat(line.path("team").asText()).isEqualTo("research");
        assertThat(line.path("route").asText()).isEqualTo("/v1/chat/completions");
        assertThat(line.path("dialect").asText()).isEqualTo("openai");
        assertThat(line.path("model_requested").asText()).isEqualTo("good");
        assertThat(line.path("model").asText()).isEqualTo("good");
        assertThat(line.path("provider").asText()).isEqualTo("fake");
        assertThat(line.path("strategy").asText()).isEqualTo("ordered");
        assertThat(line.path("stream").asBoolean()).isFalse();
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("error").isNull()).isTrue();
        assertThat(line.path("attempts")).hasSize(1);
        assertThat(line.path("attempts").get(0).path("model").asText()).isEqualTo("good");
        assertThat(line.path("attempts").get(0).path("error").isNull()).isTrue();
        assertThat(line.path("attempts").get(0).path("latency_ms").isNumber()).isTrue();
        assertThat(line.path("latency_ms").asDouble()).isPositive()
                .isGreaterThanOrEqualTo(line.path("attempts").get(0).path("latency_ms").asDouble());
        assertThat(line.path("ttft_ms").isNull()).isTrue();
        assertThat(line.path("overhead_ms").isNumber()).isTrue();
        assertThat(line.path("completion_tokens").asLong()).isEqualTo(3);
        assertThat(line.path("prompt_tokens").asLong()).isPositive();
        assertThat(line.path("cost_usd").asDouble()).isEqualTo(
                (line.path("prompt_tokens").asLong() * 1.0 + 3 * 2.0) / 1_000_000, org.assertj.core.data.Offset
                        .offset(1e-12));
        assertThat(line.path("cache").asText()).isEqualTo("none");
        assertThat(line.has("prompt")).isFalse();
        assertThat(line.has("answer")).isFalse();
    }

    @Test
    void aFailoverListsEveryAttemptWithItsErrorKind() throws Exception {
        JsonNode key = newKey("\"name\":\"failover\"");
        HttpResponse<String> r = gw.chat(body(false, "bad", "good"), "Authorization",
                "Bearer " + key.path("key").asText());
        assertThat(r.statusCode()).isEqualTo(200);

        JsonNode attempts = lineOf(r).path("attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).path("model").asText()).isEqualTo("bad");
        assertThat(attempts.get(0).path("error").asText()).isEqualTo("SERVER_ERROR");
        assertThat(attempts.get(1).path("model").asText()).isEqualTo("good");
        assertThat(attempts.get(1).path("error").isNull()).isTrue();
    }

    @Test
    void aFailedRequestHasItsErrorAndTheAttemptsThatFailed() throws Exception {
        JsonNode key = newKey("\"name\":\"failing\"");
        HttpResponse<String> r = gw.chat(body(false, "bad"), "Authorization", "Bearer " + key.path("key").asText());
        assertThat(r.statusCode()).isEqualTo(502);

        JsonNode line = lineOf(r);
        assertThat(line.path("status").asInt()).isEqualTo(502);
        assertThat(line.path("error").asText()).isEqualTo("ALL_ATTEMPTS_FAILED");
        assertThat(line.path("error_code").asText()).isEqualTo("all_attempts_failed");
        assertThat(line.path("model_requested").asText()).isEqualTo("bad");
        assertThat(line.path("model").isNull()).isTrue();
        assertThat(line.path("attempts")).singleElement().satisfies(a ->
                assertThat(a.path("error").asText()).isEqualTo("SERVER_ERROR"));
        assertThat(line.path("cost_usd").isNull()).isTrue();
    }

    @Test
    void aStreamHasItsTimeToFirstTokenAndUsage() throws Exception {
        JsonNode key = newKey("\"name\":\"stream\"");
        HttpResponse<String> r = gw.chat(body(true, "good"), "Authorization", "Bearer " + key.path("key").asText());
        assertThat(r.body()).contains("[DONE]");

        JsonNode line = lineOf(r);
        assertThat(line.path("stream").asBoolean()).isTrue();
        assertThat(line.path("ttft_ms").asDouble()).isPositive().isLessThanOrEqualTo(line.path("latency_ms")
                .asDouble());
        assertThat(line.path("completion_tokens").asLong()).isEqualTo(3);
        assertThat(line.path("attempts")).hasSize(1);
    }

    @Test
    void quotesAndNewlinesInAModelNameStayInsideTheLine() throws Exception {
        JsonNode key = newKey("\"name\":\"odd\"");
        String model = "we\"ird\nmodel\\name\u2028";
        HttpResponse<String> r = gw.chat("{\"model\":" + Json.string(model)
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}", "Authorization",
                "Bearer " + key.path("key").asText());
        assertThat(r.statusCode()).isEqualTo(404);

        JsonNode line = lineOf(r);
        assertThat(line.path("model_requested").asText()).isEqualTo(model);
        assertThat(line.path("error").asText()).isEqualTo("MODEL_NOT_FOUND");
    }

    @Test
    void anAuditedKeysLineHasItsPromptAndAnswerWithKeyMaterialRedacted() throws Exception {
        JsonNode key = newKey("\"name\":\"audited\",\"audit\":true");
        String secret = key.path("key").asText();
        assertThat(key.path("audit").asBoolean()).isTrue();
        upstream.on("up-good", Behavior.text("your key " + LEAKED + " and the admin's " + MASTER));
        String prompt = "my key is " + secret + ", the master key " + MASTER + ", the provider's "
                + GatewayFixture.FAKE_KEY + "\nthanks";

        HttpResponse<String> r = gw.chat("{\"model\":\"good\",\"messages\":[{\"role\":\"system\",\"content\":\"Be "
                + "brief\"},{\"role\":\"user\",\"content\":" + Json.string(prompt) + "}]}", "Authorization",
                "Bearer " + secret);
        assertThat(r.statusCode()).isEqualTo(200);

        JsonNode line = lineOf(r);
        String raw = line.toString();
        assertThat(raw).doesNotContain(secret).doesNotContain(LEAKED).doesNotContain("sk-llmr-A")
                .doesNotContain("quoted").doesNotContain(GatewayFixture.FAKE_KEY);
        JsonNode messages = line.path("prompt").path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("content").asText()).isEqualTo("Be brief");
        assertThat(messages.get(1).path("content").asText())
                .isEqualTo("my key is [redacted], the master key [redacted], the provider's [redacted]\nthanks");
        assertThat(line.path("answer").asText()).isEqualTo("your key [redacted] and the admin's [redacted]");
    }

    @Test
    void anAuditedStreamsAnswerIsTheTextOfItsChunks() throws Exception {
        JsonNode key = newKey("\"name\":\"audited-stream\",\"audit\":true");
        upstream.on("up-good", Behavior.text("streamed words " + LEAKED + " here"));
        HttpResponse<String> r = gw.chat(body(true, "good"), "Authorization", "Bearer " + key.path("key").asText());
        assertThat(r.body()).contains("[DONE]");

        JsonNode line = lineOf(r);
        assertThat(line.path("answer").asText()).isEqualTo("streamed words [redacted] here");
        assertThat(line.path("prompt").path("messages").get(0).path("content").asText()).isEqualTo("Hello");
    }

    @Test
    void auditIsOffByDefaultAndAnAdminTurnsItOnAndOffWithPatch() throws Exception {
        JsonNode key = newKey("\"name\":\"toggled\"");
        String id = key.path("id").asText();
        String bearer = "Bearer " + key.path("key").asText();
        assertThat(key.path("audit").asBoolean()).isFalse();
        assertThat(lineOf(gw.chat(body(false, "good"), "Authorization", bearer)).has("prompt")).isFalse();

        assertThat(adminOk("PATCH", "/admin/keys/" + id, "{\"audit\":true}").path("audit").asBoolean()).isTrue();
        assertThat(adminOk("GET", "/admin/keys/" + id, null).path("audit").asBoolean()).isTrue();
        JsonNode audited = lineOf(gw.chat(body(false, "good"), "Authorization", bearer));
        assertThat(audited.path("prompt").path("messages")).hasSize(1);
        assertThat(audited.path("answer").asText()).isEqualTo("one two three");

        adminOk("PATCH", "/admin/keys/" + id, "{\"audit\":false}");
        assertThat(lineOf(gw.chat(body(false, "good"), "Authorization", bearer)).has("prompt")).isFalse();

        HttpResponse<String> other = gw.admin("PATCH", "/admin/keys/" + id, "{\"models\":[\"good\"]}", MASTER);
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).contains("only audit can be changed");
        assertThat(gw.admin("PATCH", "/admin/keys/" + id, "{\"audit\":\"yes\"}", MASTER).statusCode())
                .isEqualTo(400);
        assertThat(gw.admin("PATCH", "/admin/keys/key-missing", "{\"audit\":true}", MASTER).statusCode())
                .isEqualTo(404);
        assertThat(gw.admin("PATCH", "/admin/keys/" + id, "{\"audit\":true}", null).statusCode()).isEqualTo(401);
    }

    @Test
    void llmrouterAccessLogFalseRegistersNoAccessLog() throws Exception {
        try (GatewayFixture quiet = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: good, provider: fake, upstream: up-good }
                """.formatted(upstream.baseUrl()), Map.of("llmrouter.access-log", "false"), null)) {
            assertThat(quiet.gateway().camelContext().getRegistry().findByType(AccessLog.class)).isEmpty();
            HttpResponse<String> r = quiet.chat(body(false, "good"));
            assertThat(r.statusCode()).isEqualTo(200);
            String id = r.headers().firstValue("x-request-id").orElseThrow();
            // the response has ended, and with it the request's observers: none wrote a line
            await().atMost(Duration.ofSeconds(10)).until(() -> quiet.frontDoorInFlight() == 0);
            assertThat(find(id)).isNull();
        }
        assertThatThrownBy(() -> new Gateway(new GatewayOptions(0, null, null, 1024), Map.<String, String>of()::get,
                Map.of("llmrouter.access-log", "sometimes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LLMROUTER_ACCESS_LOG");
    }
}
