package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With keys on, a stored response belongs to the key that made it: any other key is told it does not exist. */
class StoredResponsesPerKeyTest {

    private static final String MASTER = "master-key-for-tests-0123456789";

    private static FakeOpenAiUpstream upstream;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        upstream.on("up-a", Behavior.text("secret plans"));
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: model-a, provider: fake, upstream: up-a }
                """.formatted(upstream.baseUrl()), Map.of("llmrouter.master-key", MASTER), null);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    @Test
    void anotherKeyCannotReadContinueOrDeleteAResponse() throws Exception {
        String alice = newKey();
        String bob = newKey();
        HttpResponse<String> made = call("POST", "/v1/responses", "{\"model\":\"model-a\",\"input\":\"Hi\"}", alice);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        String id = Json.MAPPER.readTree(made.body()).path("id").asText();

        assertThat(call("GET", "/v1/responses/" + id, null, bob).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/responses/" + id, null, bob).statusCode()).isEqualTo(404);
        HttpResponse<String> continued = call("POST", "/v1/responses", "{\"model\":\"model-a\",\"input\":\"More\","
                + "\"previous_response_id\":\"" + id + "\"}", bob);
        assertThat(continued.statusCode()).isEqualTo(404);
        assertThat(continued.body()).doesNotContain("secret plans");
        assertThat(call("GET", "/v1/responses/" + id, null, null).statusCode()).isEqualTo(401);

        HttpResponse<String> own = call("GET", "/v1/responses/" + id, null, alice);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("secret plans");
        assertThat(call("POST", "/v1/responses", "{\"model\":\"model-a\",\"input\":\"More\","
                + "\"previous_response_id\":\"" + id + "\"}", alice).statusCode()).isEqualTo(200);
    }

    private static String newKey() throws Exception {
        HttpResponse<String> r = gw.admin("POST", "/admin/keys", "{}", MASTER);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode key = Json.MAPPER.readTree(r.body());
        return key.path("key").asText();
    }

    private static HttpResponse<String> call(String method, String path, String json, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url(path))).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .header("content-type", "application/json");
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return gw.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
