package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static io.llmrouter.app.MetricsTest.call;
import static io.llmrouter.app.MetricsTest.delta;
import static io.llmrouter.app.MetricsTest.settled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Metrics with keys on: {@code /metrics} behind the master key, refused requests counted by status and code (401, a
 * key's rpm, the front door's in-flight limit), cost by key and team, and what is left of their budgets.
 */
class MetricsWithKeysTest {

    static final String MASTER = "master-key-for-metrics-0123456789";

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;
    static String key;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: priced, provider: fake, upstream: up-priced, price: { input: 1.0, output: 2.0 },
                      max_output_tokens: 100 }
                  - { id: held, provider: fake, upstream: up-held }
                """.formatted(upstream.baseUrl()), Map.of("llmrouter.master-key", MASTER), null, 1);
        key = newKey("\"name\":\"plain\"").path("key").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        upstream.on("up-priced", Behavior.text("one two three"));
    }

    static JsonNode admin(String method, String path, String json) throws Exception {
        HttpResponse<String> r = gw.admin(method, path, json, MASTER);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
        return Json.MAPPER.readTree(r.body());
    }

    static JsonNode newKey(String fields) throws Exception {
        return admin("POST", "/admin/keys", "{" + fields + "}");
    }

    private static double total(PrometheusText p, String name) {
        return p.samples(name).stream().mapToDouble(PrometheusText.Sample::value).sum();
    }

    private static PrometheusText scrape() throws Exception {
        return MetricsTest.scrape(gw, MASTER);
    }

    @Test
    void theMetricsTakeTheMasterKeyOnceOneIsSet() throws Exception {
        assertThat(gw.admin("GET", "/metrics", null, null).statusCode()).isEqualTo(401);
        assertThat(gw.admin("GET", "/metrics/", null, null).statusCode()).isEqualTo(401); // Vert.x serves it too
        assertThat(gw.admin("GET", "/metrics", null, "not-the-master-key").statusCode()).isEqualTo(401);
        HttpResponse<String> virtual = gw.admin("GET", "/metrics", null, key);
        assertThat(virtual.statusCode()).as("a virtual key is not the master key").isEqualTo(403);
        HttpResponse<String> ok = gw.admin("GET", "/metrics", null, MASTER);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("# TYPE llmrouter_in_flight gauge").doesNotContain(MASTER).doesNotContain(key);
    }

    @Test
    void aCallWithoutAKeyIsCountedByStatusAndCodeAndIsNoModelCall() throws Exception {
        PrometheusText before = scrape();
        assertThat(gw.chat(body(false, "priced")).statusCode()).isEqualTo(401);
        PrometheusText after = settled(gw, MASTER, before, 1);

        assertThat(delta(before, after, "llmrouter_requests_total", "gen_ai_operation_name", "chat",
                "status", "401", "code", "missing_api_key")).isEqualTo(1);
        assertThat(total(after, "gen_ai_client_operation_duration_seconds_count"))
                .as("refused before the router had it: no model call").isEqualTo(
                        total(before, "gen_ai_client_operation_duration_seconds_count"));
    }

    @Test
    void aKeyOverItsRpmIsA429CountedWithItsErrorKind() throws Exception {
        String limited = newKey("\"name\":\"one-a-minute\",\"rpm\":1").path("key").asText();
        PrometheusText before = scrape();
        assertThat(gw.chat(body(false, "priced"), "Authorization", "Bearer " + limited).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = gw.chat(body(false, "priced"), "Authorization", "Bearer " + limited);
        assertThat(refused.statusCode()).isEqualTo(429);
        PrometheusText after = settled(gw, MASTER, before, 2);

        assertThat(delta(before, after, "llmrouter_requests_total", "gen_ai_operation_name", "chat",
                "status", "429", "code", "rate_limit_exceeded")).isEqualTo(1);
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count",
                call("priced", "", "error_type", "CALLER_RATE_LIMITED"))).isEqualTo(1);
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count",
                call("priced", "priced", "error_type", ""))).isEqualTo(1);
    }

    @Test
    void costIsCountedByKeyAndTeamAndTheirBudgetsShowWhatIsLeft() throws Exception {
        admin("POST", "/admin/teams", "{\"id\":\"metrics-team\",\"name\":\"Metrics\","
                + "\"budget\":{\"usd\":1,\"period\":\"day\",\"hard\":true}}");
        JsonNode k = newKey("\"name\":\"budgeted\",\"team\":\"metrics-team\","
                + "\"budget\":{\"usd\":0.5,\"period\":\"day\",\"hard\":true}");
        String id = k.path("id").asText();
        PrometheusText before = scrape();
        HttpResponse<String> r = gw.chat(body(false, "priced"), "Authorization", "Bearer " + k.path("key").asText());
        assertThat(r.statusCode()).isEqualTo(200);
        double cost = Double.parseDouble(r.headers().firstValue("x-llmrouter-cost-usd").orElseThrow());
        PrometheusText after = settled(gw, MASTER, before, 1);

        assertThat(after.get("llmrouter_cost_usd_total", "gen_ai_response_model", "priced",
                "gen_ai_provider_name", "fake", "key", id, "team", "metrics-team")).isCloseTo(cost, within(1e-8));
        // the reservation is settled to the real cost once the answer has been written
        PrometheusText budgets = await().atMost(Duration.ofSeconds(10)).until(MetricsWithKeysTest::scrape,
                p -> Math.abs(p.get("llmrouter_budget_remaining_usd", "scope", "key", "id", id) - (0.5 - cost))
                     < 1e-8);
        assertThat(budgets.get("llmrouter_budget_remaining_usd", "scope", "team", "id", "metrics-team"))
                .isCloseTo(1 - cost, within(1e-8));

        admin("DELETE", "/admin/keys/" + id, null);
        assertThat(scrape().samples("llmrouter_budget_remaining_usd"))
                .as("a revoked key's budget is gone").noneMatch(s -> id.equals(s.labels().get("id")));
    }

    @Test
    void aRequestOverTheInFlightLimitIsCountedAsAQueueRejection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.on("up-held", Behavior.heldAfterFirstChunk("one two three", release));
        PrometheusText before = scrape();
        CompletableFuture<HttpResponse<String>> holding = gw.http().sendAsync(
                gw.request(body(true, "held"), "Authorization", "Bearer " + key), HttpResponse.BodyHandlers.ofString());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> scrape().get("llmrouter_in_flight") == 1);
            HttpResponse<String> refused = gw.chat(body(false, "priced"), "Authorization", "Bearer " + key);
            assertThat(refused.statusCode()).isEqualTo(429);
        } finally {
            release.countDown();
        }
        assertThat(holding.get().statusCode()).isEqualTo(200);
        PrometheusText after = settled(gw, MASTER, before, 2);

        assertThat(delta(before, after, "llmrouter_queue_rejections_total", "gen_ai_operation_name", "chat"))
                .isEqualTo(1);
        assertThat(delta(before, after, "llmrouter_requests_total", "gen_ai_operation_name", "chat",
                "status", "429", "code", "gateway_overloaded")).isEqualTo(1);
        assertThat(after.get("llmrouter_in_flight")).isZero();
    }
}
