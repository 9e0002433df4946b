package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default catalog's wildcards for OpenAI-compatible servers declare what those servers serve, so a model reached
 * through {@code vllm/*} takes tools, structured output, streams and embeddings; what it cannot take (images here) is
 * a 400 typed {@code invalid_request_error}, the caller's to fix.
 */
class WildcardCapabilitiesTest {

    private static FakeOpenAiUpstream vllm;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        vllm = FakeOpenAiUpstream.start();
        String catalog;
        try (InputStream in = CatalogLoader.class.getResourceAsStream("/" + CatalogLoader.DEFAULT_RESOURCE)) {
            catalog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        gw = GatewayFixture.start(catalog, Map.of(), null, GatewayOptions.DEFAULT_MAX_IN_FLIGHT,
                Map.of("VLLM_BASE_URL", vllm.baseUrl()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
        vllm.close();
    }

    @Test
    void aVllmModelTakesToolsAndStructuredOutput() throws Exception {
        vllm.on("qwen", Behavior.toolCall("get_weather", "{\"city\":\"Paris\"}"));
        HttpResponse<String> r = gw.chat("""
                {"model":"vllm/qwen","messages":[{"role":"user","content":"Weather in Paris?"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"}}},
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
                   "properties":{"city":{"type":"string"}}}}}]}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).at("/choices/0/message/tool_calls/0/function/name").asText())
                .isEqualTo("get_weather");
    }

    @Test
    void aVllmModelServesEmbeddings() throws Exception {
        vllm.on("bge", Behavior.embeddings(4));
        HttpResponse<String> r = gw.http().send(HttpRequest.newBuilder(URI.create(gw.url("/v1/embeddings")))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"vllm/bge\",\"input\":\"hi\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).at("/data/0/embedding").size()).isEqualTo(4);
    }

    @Test
    void aCapabilityNoCandidateHasIsA400InvalidRequestError() throws Exception {
        HttpResponse<String> r = gw.chat("""
                {"model":"vllm/qwen","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}""");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = Json.MAPPER.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("no_capable_model");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    }
}
