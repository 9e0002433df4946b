package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/models/{id}} for OpenAI's SDKs' {@code models.retrieve}, wildcard names with their slash included;
 * the Models API in Anthropic's shapes for a caller that sends {@code anthropic-version}; and Anthropic's error shape
 * on every {@code /v1/messages} URL, unknown ones included.
 */
class ModelRetrievalTest {

    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start("""
                providers:
                  - id: openai
                    type: openai
                    base_url: http://127.0.0.1:9/v1
                    api_key_env: FAKE_KEY
                  - id: sim
                    type: sim
                models:
                  - id: sim-mini
                    aliases: [mini]
                    provider: sim
                  - id: sim-large
                    provider: sim
                  - id: sim-embed
                    provider: sim
                    capabilities: [embeddings]
                  - id: openai/*
                    provider: openai
                """, Map.of(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    private static HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url(path))).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return gw.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> anthropicGet(String path) throws IOException, InterruptedException {
        return get(path, "anthropic-version", "2023-06-01");
    }

    @Test
    void retrievesOneModelInOpenAisShape() throws Exception {
        HttpResponse<String> r = get("/v1/models/sim-mini");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode m = Json.MAPPER.readTree(r.body());
        assertThat(m.path("id").asText()).isEqualTo("sim-mini");
        assertThat(m.path("object").asText()).isEqualTo("model");
        assertThat(m.path("created").isIntegralNumber()).isTrue();
        assertThat(m.path("owned_by").asText()).isEqualTo("sim");
    }

    @Test
    void retrievesAWildcardNameWithItsSlashAsWrittenOrPercentEncoded() throws Exception {
        for (String path : List.of("/v1/models/openai/gpt-4o", "/v1/models/openai%2Fgpt-4o")) {
            HttpResponse<String> r = get(path);

            assertThat(r.statusCode()).as(path).isEqualTo(200);
            JsonNode m = Json.MAPPER.readTree(r.body());
            assertThat(m.path("id").asText()).isEqualTo("openai/gpt-4o");
            assertThat(m.path("owned_by").asText()).isEqualTo("openai");
        }
    }

    @Test
    void anUnknownModelIsA404InOpenAisErrorShape() throws Exception {
        HttpResponse<String> r = get("/v1/models/no-such-model");

        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode error = Json.MAPPER.readTree(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("model_not_found");
        assertThat(error.path("message").asText()).contains("no-such-model");
    }

    @Test
    void otherMethodsOnAModelAre405() throws Exception {
        HttpResponse<String> r = gw.http().send(HttpRequest.newBuilder(URI.create(gw.url("/v1/models/sim-mini")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("GET");
        assertThat(Json.MAPPER.readTree(r.body()).path("error").path("message").asText()).contains("use GET");
    }

    @Test
    void anAnthropicClientGetsTheListInAnthropicsShape() throws Exception {
        HttpResponse<String> r = anthropicGet("/v1/models");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode page = Json.MAPPER.readTree(r.body());
        List<String> ids = new ArrayList<>();
        for (JsonNode m : page.path("data")) {
            assertThat(m.path("type").asText()).isEqualTo("model");
            assertThat(m.path("display_name").asText()).isNotBlank();
            assertThat(Instant.parse(m.path("created_at").asText())).isNotNull(); // RFC 3339
            ids.add(m.path("id").asText());
        }
        assertThat(ids).containsExactly("sim-mini", "sim-large", "sim-embed", "openai/*");
        assertThat(page.path("first_id").asText()).isEqualTo("sim-mini");
        assertThat(page.path("last_id").asText()).isEqualTo("openai/*");
        assertThat(page.path("has_more").asBoolean()).isFalse();
    }

    @Test
    void anAnthropicClientPagesWithLimitAfterIdAndBeforeId() throws Exception {
        JsonNode first = Json.MAPPER.readTree(anthropicGet("/v1/models?limit=2").body());
        assertThat(first.path("data")).extracting(m -> m.path("id").asText()).containsExactly("sim-mini", "sim-large");
        assertThat(first.path("has_more").asBoolean()).isTrue();

        JsonNode next = Json.MAPPER.readTree(anthropicGet("/v1/models?limit=2&after_id=sim-large").body());
        assertThat(next.path("data")).extracting(m -> m.path("id").asText()).containsExactly("sim-embed", "openai/*");
        assertThat(next.path("has_more").asBoolean()).isFalse();

        JsonNode before = Json.MAPPER.readTree(anthropicGet("/v1/models?limit=1&before_id=sim-embed").body());
        assertThat(before.path("data")).extracting(m -> m.path("id").asText()).containsExactly("sim-large");
        assertThat(before.path("first_id").asText()).isEqualTo("sim-large");
        assertThat(before.path("has_more").asBoolean()).isTrue();
    }

    @Test
    void aBadLimitIsA400InAnthropicsShape() throws Exception {
        HttpResponse<String> r = anthropicGet("/v1/models?limit=0");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("limit");
    }

    @Test
    void anAnthropicClientRetrievesOneModelOrGetsA404InItsShape() throws Exception {
        JsonNode m = Json.MAPPER.readTree(anthropicGet("/v1/models/openai%2Fgpt-4o").body());
        assertThat(m.path("type").asText()).isEqualTo("model");
        assertThat(m.path("id").asText()).isEqualTo("openai/gpt-4o");
        assertThat(m.path("display_name").asText()).isEqualTo("openai/gpt-4o");
        assertThat(m.path("created_at").asText()).isEqualTo("1970-01-01T00:00:00Z");

        HttpResponse<String> r = anthropicGet("/v1/models/claude-nope");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void unknownMessagesUrlsAnswerInAnthropicsErrorShape() throws Exception {
        HttpResponse<String> batches = gw.http().send(HttpRequest.newBuilder(URI.create(gw.url(
                        "/v1/messages/batches"))).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"requests\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(batches.statusCode()).isEqualTo(404);
        JsonNode body = Json.MAPPER.readTree(batches.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("not_found_error");

        HttpResponse<String> list = get("/v1/messages/batches/msgbatch_1");
        assertThat(list.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(list.body()).path("type").asText()).isEqualTo("error");

        HttpResponse<String> wrongMethod = get("/v1/messages");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Json.MAPPER.readTree(wrongMethod.body()).path("error").path("type").asText())
                .isEqualTo("invalid_request_error");
    }
}
