package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.llmrouter.api.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A browser page on an allowed origin can call the gateway with keys on: its preflight (which carries no key) is
 * answered 204 with the methods and headers the SDKs send, and the answer's decision headers are readable. Other
 * origins get no CORS headers, and a gateway without {@code llmrouter.cors-origins} none at all.
 */
class CorsTest {

    private static final String APP = "https://app.example.com";
    private static final String MASTER = "mk-cors-test-master-key-0123456789";
    private static final String CATALOG = """
            providers:
              - id: sim
                type: sim
                sim: { ttft_ms: 1, jitter: 0, tokens_per_second: 100000 }
            models:
              - id: sim-mini
                provider: sim
                price: { input: 0.1, output: 0.1 }
            """;
    private static GatewayFixture gw;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start(CATALOG, Map.of("llmrouter.cors-origins", APP + ", https://other.example.org",
                "llmrouter.auth", "keys", "llmrouter.master-key", MASTER), null);
        HttpResponse<String> made = gw.admin("POST", "/admin/keys", "{\"name\":\"browser\"}", MASTER);
        assertThat(made.statusCode()).as(made.body()).isBetween(200, 201);
        key = Json.MAPPER.readTree(made.body()).path("key").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    private static HttpResponse<String> preflight(GatewayFixture g, String origin, String headers)
            throws IOException, InterruptedException {
        return g.http().send(HttpRequest.newBuilder(URI.create(g.url("/v1/chat/completions")))
                .timeout(Duration.ofSeconds(30)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> list(HttpResponse<?> r, String header) {
        return Arrays.stream(r.headers().firstValue(header).orElse("").split(",")).map(String::trim)
                .map(String::toLowerCase).toList();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithoutAKey() throws Exception {
        HttpResponse<String> r = preflight(gw, APP, "authorization,content-type,x-stainless-os,"
                + "x-stainless-retry-count,x-llmrouter-strategy,anthropic-version,x-api-key,x-not-allowed");

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue(APP);
        assertThat(list(r, "access-control-allow-methods")).contains("post", "get", "options");
        assertThat(list(r, "access-control-allow-headers")).contains("authorization", "content-type",
                "x-stainless-os", "x-stainless-retry-count", "x-llmrouter-strategy", "anthropic-version",
                "x-api-key").doesNotContain("x-not-allowed");
        assertThat(r.headers().firstValue("access-control-max-age")).hasValue("600");
    }

    @Test
    void theAnswerToAnAllowedOriginExposesTheDecisionHeaders() throws Exception {
        HttpResponse<String> r = gw.http().send(gw.request("""
                {"model":"sim-mini","messages":[{"role":"user","content":"hi"}]}""", "Origin", APP,
                "Authorization", "Bearer " + key), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue(APP);
        assertThat(list(r, "access-control-expose-headers")).contains("x-llmrouter-model", "x-llmrouter-provider",
                "x-llmrouter-cost-usd", "x-request-id");
        assertThat(r.headers().firstValue("x-llmrouter-model")).hasValue("sim-mini");
    }

    @Test
    void anotherOriginGetsNoCorsHeadersAndItsPreflightMeetsTheKeyCheck() throws Exception {
        HttpResponse<String> r = preflight(gw, "https://evil.example.net", "authorization");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void corsIsOffByDefault() throws Exception {
        try (GatewayFixture plain = GatewayFixture.start(CATALOG, Map.of(), null)) {
            HttpResponse<String> r = preflight(plain, APP, "content-type");

            assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
            assertThat(r.headers().firstValue("access-control-allow-origin")).isEmpty();
        }
    }

    @Test
    void anOriginThatIsNotSchemeAndHostIsRefusedAtStartup() {
        assertThatThrownBy(() -> SecuritySettings.from(Map.of("llmrouter.cors-origins", "app.example.com")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app.example.com");
        assertThat(SecuritySettings.from(Map.of("llmrouter.cors-origins", " https://a.example, * ")::get)
                .corsOrigins()).containsExactly("https://a.example", "*");
    }

    @Test
    void anyOriginWithAStar() throws Exception {
        try (GatewayFixture open = GatewayFixture.start(CATALOG, Map.of("llmrouter.cors-origins", "*"), null)) {
            HttpResponse<String> r = preflight(open, "http://localhost:5173", "content-type");

            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
        }
    }
}
