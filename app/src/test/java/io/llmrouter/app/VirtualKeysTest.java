package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Virtual keys over real HTTP: who may call, which models, how often, for how much; the admin API behind the master
 * key; and keys and spend that outlive a restart.
 */
class VirtualKeysTest {

    static final String MASTER = "master-key-for-tests-0123456789";
    /** The fake upstream's usage for its default answer: 10 prompt tokens at $1/M and 3 completion tokens at $2/M. */
    static final double ONE_ANSWER_USD = (10 * 1.0 + 3 * 2.0) / 1_000_000;

    static FakeOpenAiUpstream upstream;
    static Path data;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        data = Files.createTempDirectory("llmrouter-keys");
        gw = startGateway();
    }

    static GatewayFixture startGateway() throws Exception {
        return GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: priced, provider: fake, upstream: up-priced, price: { input: 1.0, output: 2.0 },
                      max_output_tokens: 100 }
                  - { id: other, provider: fake, upstream: up-other, price: { input: 1.0, output: 2.0 } }
                  - { id: unpriced, provider: fake, upstream: up-unpriced }
                """.formatted(upstream.baseUrl()), Map.of("llmrouter.master-key", MASTER,
                "llmrouter.data-dir", data.toString()), null);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        upstream.on("up-priced", Behavior.text("one two three"));
        upstream.on("up-other", Behavior.text("one two three"));
        upstream.on("up-unpriced", Behavior.text("one two three"));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    static HttpResponse<String> admin(String method, String path, String json, String credential) throws Exception {
        return gw.admin(method, path, json, credential);
    }

    static JsonNode adminOk(String method, String path, String json) throws Exception {
        HttpResponse<String> r = admin(method, path, json, MASTER);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
        return Json.MAPPER.readTree(r.body());
    }

    /** A new key with these fields (a JSON object's members, without braces); returns {id, key}. */
    static JsonNode newKey(String fields) throws Exception {
        JsonNode k = adminOk("POST", "/admin/keys", "{" + fields + "}");
        assertThat(k.path("key").asText()).startsWith("sk-llmr-");
        return k;
    }

    static HttpResponse<String> chatAs(String key, String json) throws Exception {
        return gw.chat(json, "Authorization", "Bearer " + key);
    }

    static JsonNode error(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body()).path("error");
    }

    // --- who may call ---------------------------------------------------------------------------------------

    @Test
    void withoutAKeyEveryV1CallIsA401InTheCallersShape() throws Exception {
        HttpResponse<String> chat = gw.chat(body(false, "priced"));
        assertThat(chat.statusCode()).isEqualTo(401);
        assertThat(error(chat).path("code").asText()).isEqualTo("missing_api_key");
        assertThat(error(chat).path("type").asText()).isEqualTo("invalid_request_error");

        HttpResponse<String> messages = gw.http().send(HttpRequest.newBuilder(URI.create(gw.url("/v1/messages")))
                .header("content-type", "application/json").header("x-api-key", "sk-llmr-not-a-key")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"priced\",\"max_tokens\":5,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(messages.statusCode()).isEqualTo(401);
        JsonNode anthropic = Json.MAPPER.readTree(messages.body());
        assertThat(anthropic.path("type").asText()).isEqualTo("error");
        assertThat(anthropic.path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(messages.body()).doesNotContain("sk-llmr-not-a-key");

        HttpResponse<String> models = gw.http().send(HttpRequest.newBuilder(URI.create(gw.url("/v1/models")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(401);
        assertThat(upstream.attempts("up-priced")).isZero();
    }

    @Test
    void theAdminApiTakesTheMasterKeyOnly() throws Exception {
        JsonNode key = newKey("\"name\":\"admin-probe\"");

        assertThat(admin("GET", "/admin/keys", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/admin/keys", null, "wrong-master").statusCode()).isEqualTo(401);
        HttpResponse<String> virtual = admin("GET", "/admin/keys", null, key.path("key").asText());
        assertThat(virtual.statusCode()).isEqualTo(403);
        assertThat(admin("GET", "/admin/cluster", null, key.path("key").asText()).statusCode()).isEqualTo(403);
        assertThat(admin("GET", "/admin/cluster", null, MASTER).statusCode()).isEqualTo(200);

        HttpResponse<String> list = admin("GET", "/admin/keys", null, MASTER);
        assertThat(list.statusCode()).isEqualTo(200);
        // the secret is shown once, at creation: never listed, nor its hash
        assertThat(list.body()).contains(key.path("id").asText()).contains(key.path("hint").asText())
                .doesNotContain(key.path("key").asText()).doesNotContain("\"hash\"");
    }

    @Test
    void aKeyMayUseItsModelsOnly() throws Exception {
        String key = newKey("\"models\":[\"pri*\"]").path("key").asText();

        assertThat(chatAs(key, body(false, "priced")).statusCode()).isEqualTo(200);

        HttpResponse<String> denied = chatAs(key, body(false, "other"));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(error(denied).path("code").asText()).isEqualTo("model_not_allowed");
        assertThat(error(denied).path("message").asText()).contains("other");
        assertThat(upstream.attempts("up-other")).isZero();

        // left to the router, it chooses among the key's models only
        HttpResponse<String> auto = chatAs(key, "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}");
        assertThat(auto.statusCode()).isEqualTo(200);
        assertThat(auto.headers().firstValue("x-llmrouter-model")).contains("priced");
    }

    @Test
    void revokedAndExpiredKeysAre401() throws Exception {
        JsonNode key = newKey("\"name\":\"to-revoke\"");
        String secret = key.path("key").asText();
        assertThat(chatAs(secret, body(false, "priced")).statusCode()).isEqualTo(200);

        adminOk("DELETE", "/admin/keys/" + key.path("id").asText(), null);

        HttpResponse<String> revoked = chatAs(secret, body(false, "priced"));
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(error(revoked).path("message").asText()).contains("revoked").doesNotContain(secret);

        String expired = newKey("\"expires_at\":\"" + Instant.now().minusSeconds(5) + "\"").path("key").asText();
        HttpResponse<String> r = chatAs(expired, body(false, "priced"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(error(r).path("code").asText()).isEqualTo("expired_api_key");
    }

    @Test
    void aRotatedKeyWorksAndTheOldSecretDoesNot() throws Exception {
        JsonNode key = newKey("\"name\":\"to-rotate\"");
        String old = key.path("key").asText();

        JsonNode rotated = adminOk("POST", "/admin/keys/" + key.path("id").asText() + "/rotate", null);
        String fresh = rotated.path("key").asText();

        assertThat(fresh).startsWith("sk-llmr-").isNotEqualTo(old);
        assertThat(rotated.path("id").asText()).isEqualTo(key.path("id").asText());
        assertThat(chatAs(old, body(false, "priced")).statusCode()).isEqualTo(401);
        assertThat(chatAs(fresh, body(false, "priced")).statusCode()).isEqualTo(200);
    }

    // --- how often, how much -------------------------------------------------------------------------------------

    @Test
    void aKeyOverItsRpmIsA429NamingTheLimit() throws Exception {
        JsonNode key = newKey("\"rpm\":2");
        String secret = key.path("key").asText();
        assertThat(chatAs(secret, body(false, "priced")).statusCode()).isEqualTo(200);
        assertThat(chatAs(secret, body(false, "priced")).statusCode()).isEqualTo(200);

        HttpResponse<String> third = chatAs(secret, body(false, "priced"));

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(error(third).path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error(third).path("message").asText()).contains(key.path("id").asText()).contains("2 requests");
        assertThat(third.headers().firstValue("retry-after")).isPresent();
        assertThat(upstream.attempts("up-priced")).isEqualTo(2);
    }

    @Test
    void aTeamsRpmHoldsAcrossItsKeys() throws Exception {
        adminOk("POST", "/admin/teams", "{\"id\":\"team-rpm\",\"rpm\":2}");
        String a = newKey("\"team\":\"team-rpm\"").path("key").asText();
        String b = newKey("\"team\":\"team-rpm\"").path("key").asText();
        assertThat(chatAs(a, body(false, "priced")).statusCode()).isEqualTo(200);
        assertThat(chatAs(b, body(false, "priced")).statusCode()).isEqualTo(200);

        HttpResponse<String> third = chatAs(a, body(false, "priced"));

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(error(third).path("message").asText()).contains("team 'team-rpm'");
    }

    @Test
    void aHardBudgetStopsSpendAtItsLimitAndSaysWhenItResets() throws Exception {
        // each call reserves its worst case (a token per prompt character, 3 output tokens) and costs ONE_ANSWER_USD
        double budget = ONE_ANSWER_USD * 3.5;
        JsonNode key = newKey("\"budget\":{\"usd\":" + budget + ",\"period\":\"day\",\"hard\":true}");
        String secret = key.path("key").asText();
        int answered = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            HttpResponse<String> r = chatAs(secret, "{\"model\":\"priced\",\"max_tokens\":3,\"messages\":[{\"role\""
                    + ":\"user\",\"content\":\"hello there, how are you\"}]}");
            if (r.statusCode() == 200) {
                answered++;
            } else {
                refused = r;
            }
        }

        assertThat(refused).isNotNull();
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(error(refused).path("code").asText()).isEqualTo("budget_exceeded");
        assertThat(error(refused).path("message").asText()).contains(key.path("id").asText()).contains("per day")
                .contains("resets at " + LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T00:00:00Z");
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(refused.headers().firstValue("x-should-retry")).contains("false");
        assertThat(answered).isBetween(1, 3);
        JsonNode status = adminOk("GET", "/admin/keys/" + key.path("id").asText(), null).path("budget");
        assertThat(status.path("spent_usd").asDouble()).isCloseTo(answered * ONE_ANSWER_USD, within(1e-12))
                .isLessThanOrEqualTo(budget);
        assertThat(status.path("held_usd").asDouble()).isCloseTo(0, within(1e-12));
    }

    @Test
    void aSoftBudgetWarnsAndDoesNotRefuse() throws Exception {
        String secret = newKey("\"budget\":{\"usd\":" + ONE_ANSWER_USD / 2 + ",\"period\":\"month\",\"hard\":false}")
                .path("key").asText();

        HttpResponse<String> first = chatAs(secret, body(false, "priced"));
        HttpResponse<String> second = chatAs(secret, body(false, "priced"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-llmrouter-budget-warning")).get().asString()
                .contains("soft budget");
    }

    @Test
    void spendIsReportedPerKeyTeamModelAndDayStreamsIncluded() throws Exception {
        adminOk("POST", "/admin/teams", "{\"id\":\"team-report\"}");
        JsonNode key = newKey("\"team\":\"team-report\"");
        String secret = key.path("key").asText();
        assertThat(chatAs(secret, body(false, "priced")).statusCode()).isEqualTo(200);
        HttpResponse<String> stream = chatAs(secret, body(true, "priced"));
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).endsWith("data: [DONE]\n\n");

        JsonNode byKey = line(adminOk("GET", "/admin/spend?by=key", null), "key", key.path("id").asText());
        assertThat(byKey.path("requests").asLong()).isEqualTo(2);
        assertThat(byKey.path("usd").asDouble()).isCloseTo(2 * ONE_ANSWER_USD, within(1e-12));
        assertThat(byKey.path("completion_tokens").asLong()).isEqualTo(6);
        JsonNode byTeam = line(adminOk("GET", "/admin/spend?by=team", null), "team", "team-report");
        assertThat(byTeam.path("usd").asDouble()).isCloseTo(2 * ONE_ANSWER_USD, within(1e-12));
        assertThat(line(adminOk("GET", "/admin/spend?by=model", null), "model", "priced").path("usd").asDouble())
                .isGreaterThanOrEqualTo(2 * ONE_ANSWER_USD);
        assertThat(line(adminOk("GET", "/admin/spend?by=day", null), "day",
                LocalDate.now(ZoneOffset.UTC).toString()).path("requests").asLong()).isGreaterThanOrEqualTo(2);
    }

    static JsonNode line(JsonNode report, String field, String value) {
        for (JsonNode l : report.path("data")) {
            if (value.equals(l.path(field).asText())) {
                return l;
            }
        }
        throw new AssertionError("no line " + field + "=" + value + " in " + report);
    }

    @Test
    void badAdminInputIsA400AndUnknownIdsA404() throws Exception {
        assertThat(admin("POST", "/admin/keys", "{\"team\":\"no-such-team\"}", MASTER).statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/admin/keys", "{\"budget\":{\"usd\":\"ten\"}}", MASTER).statusCode())
                .isEqualTo(400);
        assertThat(admin("POST", "/admin/keys", "{\"rpm\":-1}", MASTER).statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/admin/keys", "not json", MASTER).statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/admin/teams", "{\"id\":\"bad id!\"}", MASTER).statusCode()).isEqualTo(400);
        assertThat(admin("DELETE", "/admin/keys/key-none", null, MASTER).statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/admin/spend?by=planet", null, MASTER).statusCode()).isEqualTo(400);
    }

    // --- nothing spent is lost --------------------------------------------------------------------------------

    @Test
    void keysAndSpendSurviveARestart() throws Exception {
        JsonNode key = newKey("\"name\":\"survivor\"");
        String secret = key.path("key").asText();
        assertThat(chatAs(secret, body(false, "priced")).statusCode()).isEqualTo(200);
        JsonNode before = line(adminOk("GET", "/admin/spend?by=key", null), "key", key.path("id").asText());

        gw.close();
        gw = startGateway();

        JsonNode after = line(adminOk("GET", "/admin/spend?by=key", null), "key", key.path("id").asText());
        assertThat(after).isEqualTo(before);
        assertThat(chatAs(secret, body(false, "priced")).statusCode()).isEqualTo(200);
    }

    @Test
    void noSecretAppearsInLogsErrorsOrAdminAnswers() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger ours = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("io.llmrouter");
        ch.qos.logback.classic.Level level = ours.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.setContext(root.getLoggerContext());
        logs.start();
        root.addAppender(logs);
        ours.setLevel(ch.qos.logback.classic.Level.TRACE);
        java.util.List<String> seen = new java.util.ArrayList<>();
        java.util.List<String> secrets = new java.util.ArrayList<>(java.util.List.of(MASTER));
        try {
            JsonNode key = newKey("\"name\":\"secretive\",\"rpm\":1");
            String secret = key.path("key").asText();
            secrets.add(secret);
            secrets.add(io.llmrouter.governance.KeyMaterial.hash(secret));
            seen.add(chatAs(secret, body(false, "priced")).body());
            seen.add(chatAs(secret, body(false, "priced")).body()); // over its rpm
            seen.add(chatAs(secret + "x", body(false, "priced")).body());
            seen.add(admin("GET", "/admin/keys", null, secret).body());
            seen.add(admin("GET", "/admin/keys", null, MASTER + "x").body());
            String rotated = adminOk("POST", "/admin/keys/" + key.path("id").asText() + "/rotate", null).path("key")
                    .asText();
            seen.add(chatAs(secret, body(false, "priced")).body());
            seen.add(adminOk("GET", "/admin/keys", null).toString());
            seen.add(adminOk("GET", "/admin/keys/" + key.path("id").asText(), null).toString());
            seen.add(adminOk("GET", "/admin/cluster", null).toString());
            seen.add(adminOk("GET", "/admin/spend?by=key", null).toString());
            secrets.add(rotated);
        } finally {
            root.detachAppender(logs);
            logs.stop();
            ours.setLevel(level);
        }
        for (ch.qos.logback.classic.spi.ILoggingEvent e : logs.list) {
            seen.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                seen.add(ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
        }
        assertThat(seen).hasSizeGreaterThan(10);
        for (String text : seen) {
            for (String s : secrets) {
                assertThat(text).doesNotContain(s);
            }
        }
    }

    @Test
    void aKeyWithABudgetMayNotUseAModelTheCatalogHasNoPriceFor() throws Exception {
        String budgeted = newKey("\"budget\":{\"usd\":5,\"period\":\"day\"}").path("key").asText();
        String unbudgeted = newKey("\"name\":\"free-to-use\"").path("key").asText();

        HttpResponse<String> refused = chatAs(budgeted, body(false, "unpriced"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(error(refused).path("message").asText()).contains("no price");
        assertThat(chatAs(unbudgeted, body(false, "unpriced")).statusCode()).isEqualTo(200);
        assertThat(upstream.attempts("up-unpriced")).isEqualTo(1);
    }

    @Test
    void aRequestTheCallerAbandonsAfterItReachedTheProviderIsBilledAtItsWorstCase() throws Exception {
        upstream.on("up-priced", Behavior.hang());
        JsonNode key = newKey("\"budget\":{\"usd\":1,\"period\":\"day\"}");
        HttpRequest abandoned = HttpRequest.newBuilder(URI.create(gw.url("/v1/chat/completions")))
                .timeout(Duration.ofMillis(500)).header("content-type", "application/json")
                .header("Authorization", "Bearer " + key.path("key").asText())
                .POST(HttpRequest.BodyPublishers.ofString(body(false, "priced"))).build();
        try {
            gw.http().send(abandoned, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException expected) {
            // the caller gives up; the provider has the request
        }

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode budget = adminOk("GET", "/admin/keys/" + key.path("id").asText(), null).path("budget");
            assertThat(budget.path("held_usd").asDouble()).isCloseTo(0, within(1e-12));
            // the worst case: a token per prompt character and the model's 100 output tokens
            assertThat(budget.path("spent_usd").asDouble()).isGreaterThan(100 * 2.0 / 1_000_000);
        });
    }

    @Test
    void aRevokedKeyCannotBeRotated() throws Exception {
        JsonNode key = newKey("\"name\":\"gone\"");
        adminOk("DELETE", "/admin/keys/" + key.path("id").asText(), null);

        HttpResponse<String> r = admin("POST", "/admin/keys/" + key.path("id").asText() + "/rotate", null, MASTER);

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("revoked");
    }

    @Test
    void withoutAMasterKeyOnlyTheClusterViewIsOpenAndOnlyToLocalNonBrowserCallers() throws Exception {
        try (GatewayFixture open = GatewayFixture.start("""
                providers:
                  - { id: sim, type: sim }
                models:
                  - { id: sim-mini, provider: sim }
                """, Map.of(), null)) {
            java.util.function.BiFunction<String, String[], Integer> get = (path, headers) -> {
                try {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(open.url(path))).GET();
                    for (int i = 0; i < headers.length; i += 2) {
                        b.header(headers[i], headers[i + 1]);
                    }
                    return open.http().send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(get.apply("/admin/cluster", new String[0])).isEqualTo(200);
            assertThat(get.apply("/admin/cluster", new String[] {"Origin", "http://evil.example"})).isEqualTo(403);
            assertThat(get.apply("/admin/keys", new String[0])).isEqualTo(403);
            assertThat(get.apply("/admin/spend", new String[0])).isEqualTo(403);
        }
    }

    @Test
    void withKeysTurnedOffNoKeyCanBeMade() throws Exception {
        try (GatewayFixture off = GatewayFixture.start("""
                providers:
                  - { id: sim, type: sim }
                models:
                  - { id: sim-mini, provider: sim }
                """, Map.of("llmrouter.master-key", MASTER, "llmrouter.auth", "none"), null)) {
            HttpResponse<String> r = off.http().send(HttpRequest.newBuilder(URI.create(off.url("/admin/keys")))
                    .header("Authorization", "Bearer " + MASTER).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"useless\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).contains("auth none");
        }
    }
}
