package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard over HTTP: its static files are public and hold no data, its data endpoint is the admin API's (the
 * master key, or a local non-browser caller when there is none), and what it reports is bounded.
 */
class DashboardApiTest {

    private static final String MASTER = "dashboard-api-master-key-0123456789";

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        upstream.on("up-one", Behavior.text("one two three"));
        upstream.on("up-two", Behavior.text("one two three"));
        gw = GatewayFixture.start(catalog(), Map.of("llmrouter.master-key", MASTER), null);
    }

    private static String catalog() {
        return """
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: one, provider: fake, upstream: up-one, price: { input: 1.0, output: 2.0 } }
                  - { id: two, provider: fake, upstream: up-two, price: { input: 1.0, output: 2.0 } }
                """.formatted(upstream.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    @Test
    void thePageIsPublicAndItsDataTakesTheMasterKeyOnly() throws Exception {
        HttpResponse<String> page = get("/ui/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
                .contains("default-src 'none'", "connect-src 'self'", "frame-ancestors 'none'");
        assertThat(page.body()).contains("lib/uPlot.iife.min.js").doesNotContain("http://", "https://");
        assertThat(get("/ui/lib/uPlot.iife.min.js").body()).contains("uPlot");
        assertThat(get("/ui/dashboard.js").headers().firstValue("content-type").orElseThrow())
                .startsWith("text/javascript");
        HttpResponse<String> bare = get("/ui");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("location")).hasValue("/ui/");
        assertThat(get("/ui/../admin/keys").statusCode()).isEqualTo(401);
        assertThat(get("/ui/WEB-INF/classes/logback.xml").statusCode()).isEqualTo(404);

        assertThat(gw.admin("GET", "/admin/dashboard", null, null).statusCode()).isEqualTo(401);
        assertThat(gw.admin("GET", "/admin/dashboard", null, "wrong-key").statusCode()).isEqualTo(401);
        String key = Json.MAPPER.readTree(gw.admin("POST", "/admin/keys", "{\"name\":\"caller\"}", MASTER).body())
                .path("key").asText();
        assertThat(gw.admin("GET", "/admin/dashboard", null, key).statusCode()).isEqualTo(403);

        HttpResponse<String> data = gw.admin("GET", "/admin/dashboard", null, MASTER);
        assertThat(data.statusCode()).isEqualTo(200);
        assertThat(data.headers().firstValue("cache-control")).hasValue("no-store");
        JsonNode d = Json.MAPPER.readTree(data.body());
        assertThat(d.path("mode").asText()).isEqualTo("standalone");
        assertThat(d.path("members")).hasSize(1);
        assertThat(d.path("deployments").findValuesAsText("id")).containsExactly("one", "two");
        assertThat(d.path("ledger").path("days")).hasSize(14);
        assertThat(d.path("spend").path("minutes")).hasSize(60);
        assertThat(d.path("traffic").path("seconds")).hasSize(120);
        assertThat(data.body()).doesNotContain(MASTER, key);
    }

    @Test
    void keepsTheLastFiftyDecisionsNewestFirstWithTheirRanking() throws Exception {
        String key = Json.MAPPER.readTree(gw.admin("POST", "/admin/keys", "{\"name\":\"busy\"}", MASTER).body())
                .path("key").asText();
        for (int i = 0; i < 55; i++) {
            HttpResponse<String> r = gw.chat(body(false, "two", "one"), "Authorization", "Bearer " + key,
                    "x-request-id", "dash-" + i);
            assertThat(r.statusCode()).isEqualTo(200);
        }

        JsonNode d = Json.MAPPER.readTree(gw.admin("GET", "/admin/dashboard", null, MASTER).body());
        JsonNode decisions = d.path("decisions");
        assertThat(decisions).hasSize(50);
        List<String> ids = new ArrayList<>();
        decisions.forEach(n -> ids.add(n.path("requestId").asText()));
        assertThat(ids.get(0)).isEqualTo("dash-54");
        assertThat(ids).doesNotContain("dash-4");
        JsonNode newest = decisions.get(0);
        assertThat(newest.path("model").asText()).isEqualTo("two");
        assertThat(newest.path("strategy").asText()).isEqualTo("ordered");
        assertThat(newest.path("ranking").findValuesAsText("model")).containsExactly("two", "one");
        assertThat(newest.path("status").asInt()).isEqualTo(200);
        assertThat(newest.path("costUsd").asDouble()).isPositive();
        JsonNode two = d.path("deployments").get(1);
        assertThat(two.path("answered").asLong()).isGreaterThanOrEqualTo(55);
        assertThat(two.path("latencyMs").path("samples").asInt()).isPositive();
        assertThat(two.path("latencyMs").path("p95").asDouble())
                .isGreaterThanOrEqualTo(two.path("latencyMs").path("p50").asDouble());
        assertThat(d.path("spend").path("model").has("two")).isTrue();
    }

    @Test
    void withoutAMasterKeyTheDataIsOpenOnlyToLocalCallersThatAreNotAnotherSitesPage() throws Exception {
        try (GatewayFixture open = GatewayFixture.start(catalog(), Map.of(), null)) {
            assertThat(open.admin("GET", "/admin/dashboard", null, null).statusCode()).isEqualTo(200);
            HttpResponse<String> fromASite = open.http().send(HttpRequest.newBuilder(
                            URI.create(open.url("/admin/dashboard"))).header("Origin", "https://example.org")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fromASite.statusCode()).isEqualTo(403);
            // a name rebound to 127.0.0.1 (DNS rebinding) arrives with its own Host
            assertThat(rawGet(open.gateway().port(), "/admin/dashboard", "rebound.example.org")).startsWith(
                    "HTTP/1.1 403");
            assertThat(rawGet(open.gateway().port(), "/admin/dashboard", "localhost")).startsWith("HTTP/1.1 200");
            assertThat(open.admin("GET", "/admin/keys", null, null).statusCode()).isEqualTo(403);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return gw.http().send(HttpRequest.newBuilder(URI.create(gw.url(path))).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with a Host header of our choosing (the JDK client does not let one be set). */
    private static String rawGet(int port, String path, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
