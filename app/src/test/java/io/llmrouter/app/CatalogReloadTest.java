package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog is replaced while the gateway runs: through the admin API or when its file changes, from the next
 * request on, with a stream in flight finishing on the catalog it started with; an invalid catalog is refused with the
 * loader's message and the old one stays.
 */
class CatalogReloadTest {

    static final String MASTER = "reload-master-key-0123456789abcdef";

    FakeOpenAiUpstream upstream;
    GatewayFixture gw;

    String catalog(String... models) {
        StringBuilder yaml = new StringBuilder("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                """.formatted(upstream.baseUrl()));
        for (String m : models) {
            yaml.append("  - { id: ").append(m).append(", provider: fake, upstream: up-").append(m).append(" }\n");
        }
        return yaml.toString();
    }

    @BeforeEach
    void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        upstream.on("up-a", Behavior.text("from a"));
        upstream.on("up-b", Behavior.text("from b"));
        gw = GatewayFixture.start(catalog("a"), Map.of("llmrouter.master-key", MASTER, "llmrouter.auth", "none",
                "llmrouter.config-reload-seconds", "0.2"), null);
    }

    @AfterEach
    void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    private java.util.List<String> modelIds() throws Exception {
        HttpResponse<String> r = gw.admin("GET", "/v1/models", null, MASTER);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        java.util.List<String> ids = new java.util.ArrayList<>();
        Json.MAPPER.readTree(r.body()).path("data").forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    private JsonNode config() throws Exception {
        HttpResponse<String> r = gw.admin("GET", "/admin/config", null, MASTER);
        assertThat(r.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void aChangedFileIsServedFromTheNextRequestOnAndNamesItsVersion() throws Exception {
        String before = config().path("version").asText();
        assertThat(gw.chat(GatewayFixture.body(false, "b")).statusCode()).isEqualTo(404);
        assertThat(modelIds()).doesNotContain("b");

        Files.writeString(gw.catalogFile(), catalog("a", "b"));

        await().atMost(Duration.ofSeconds(10)).until(() -> gw.chat(GatewayFixture.body(false, "b")).statusCode() == 200);
        JsonNode after = config();
        assertThat(after.path("version").asText()).isNotEqualTo(before).hasSize(12);
        assertThat(after.path("deployments").asInt()).isEqualTo(2);
        assertThat(after.path("members")).hasSize(1);
        assertThat(modelIds()).as("GET /v1/models follows the served catalog").contains("a", "b");
        assertThat(gw.gateway().camelContext().getRegistry().findSingleByType(io.llmrouter.catalog.LiveCatalog.class)
                .current().version()).isEqualTo(after.path("version").asText());
    }

    @Test
    void theAdminApiReloadsTheFileAndAnInvalidCatalogKeepsTheServedOne() throws Exception {
        gw.close();
        gw = GatewayFixture.start(catalog("a"), Map.of("llmrouter.master-key", MASTER, "llmrouter.auth", "none",
                "llmrouter.config-reload-seconds", "0"), null);
        String served = config().path("version").asText();

        Files.writeString(gw.catalogFile(), catalog("a") + "  - { id: broken, provider: nobody }\n");
        HttpResponse<String> refused = gw.admin("POST", "/admin/config/reload", null, MASTER);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(refused.body()).path("error").path("message").asText())
                .startsWith("Catalog not applied, the served one stays:").contains("nobody");
        assertThat(config().path("version").asText()).isEqualTo(served);
        assertThat(gw.chat(GatewayFixture.body(false, "a")).statusCode()).isEqualTo(200);

        Files.writeString(gw.catalogFile(), catalog("b"));
        HttpResponse<String> applied = gw.admin("POST", "/admin/config/reload", null, MASTER);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(applied.body()).path("changed").asBoolean()).isTrue();
        assertThat(gw.chat(GatewayFixture.body(false, "b")).body()).contains("from b");
        assertThat(gw.chat(GatewayFixture.body(false, "a")).statusCode()).isEqualTo(404);

        HttpResponse<String> put = gw.admin("PUT", "/admin/config", catalog("a", "b"), MASTER);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(gw.chat(GatewayFixture.body(false, "a")).statusCode()).isEqualTo(200);
        assertThat(gw.admin("PUT", "/admin/config", catalog("a", "b"), null).statusCode()).isEqualTo(401);
    }

    @Test
    void reloadsUnderLoadFailNoRequestAndNoStream() throws Exception {
        java.util.List<CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 40; i++) {
                calls.add(gw.http().sendAsync(gw.request(GatewayFixture.body(i % 2 == 0, "a")),
                        HttpResponse.BodyHandlers.ofString()));
            }
            // every version keeps model a; b comes and goes
            HttpResponse<String> put = gw.admin("PUT", "/admin/config", round % 2 == 0 ? catalog("a", "b")
                    : catalog("a"), MASTER);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        }
        int streams = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            if (r.body().startsWith("data:")) {
                streams++;
                assertThat(r.body()).contains("\"model\":\"a\"").endsWith("data: [DONE]\n\n");
            } else {
                assertThat(r.body()).contains("from a");
            }
        }
        assertThat(streams).isEqualTo(120);
    }

    @Test
    void aStreamInFlightFinishesOnTheCatalogItStartedWith() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.on("up-a", Behavior.heldAfterFirstChunk("held answer", release));
        CompletableFuture<HttpResponse<String>> stream = gw.http().sendAsync(
                gw.request(GatewayFixture.body(true, "a")), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.attempts("up-a") == 1);

        HttpResponse<String> put = gw.admin("PUT", "/admin/config", catalog("b"), MASTER);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(gw.chat(GatewayFixture.body(false, "a")).statusCode()).as("a is gone for new requests")
                .isEqualTo(404);
        release.countDown();

        HttpResponse<String> finished = stream.get();
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).contains("\"model\":\"a\"").contains("\"content\":\" answer\"")
                .contains("data: [DONE]");
    }
}
