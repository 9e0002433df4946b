package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Every way a caller's request can be wrong is answered with OpenAI's error JSON and the right status, never a 500 or a
 * stack trace, and nothing reaches the upstream.
 */
class RequestErrorsTest extends GatewayTestSupport {

    @Test
    void malformedJsonIsA400() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", "{\"model\":\"model-a\",\"messages\":[{"), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).startsWith("We could not parse the JSON body of your request");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void missingMessagesIsA400NamingMessages() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", "{\"model\":\"model-a\"}"), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("messages");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void illTypedFieldIsA400NamingTheField() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", chat("model-a", "\"temperature\":\"hot\"")), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("temperature");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void outOfRangeFieldIsA400NamingTheField() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", chat("model-a", "\"temperature\":7")), 400);

        assertThat(error.path("param").asText()).isEqualTo("temperature");
    }

    @Test
    void bodyOverTheLimitIsA413() throws Exception {
        String big = "x".repeat(70 * 1024);

        JsonNode error = assertOpenAiError(post("/v1/chat/completions",
                "{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}"), 413);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("request_too_large");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void unknownModelIsA404ModelNotFound() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", chat("no-such-model", null)), 404);

        assertThat(error.path("code").asText()).isEqualTo("model_not_found");
        assertThat(error.path("param").asText()).isEqualTo("model");
        assertThat(error.path("message").asText()).contains("no-such-model");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void emptyBodyIsA400() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", ""), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void jsonArrayInsteadOfAnObjectIsA400() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", "[{\"model\":\"model-a\"}]"), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("JSON object");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void getOnChatCompletionsIsA405() throws Exception {
        JsonNode error = assertOpenAiError(send("GET", "/v1/chat/completions", null), 405);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void putOnChatCompletionsIsA405() throws Exception {
        HttpResponse<String> r = send("PUT", "/v1/chat/completions", chat("model-a", null));

        assertOpenAiError(r, 405);
        assertThat(r.headers().firstValue("allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void anUnknownUrlIsA404InOpenAiShape() throws Exception {
        HttpResponse<String> r = get("/v1/nothing-here");
        assertThat(assertOpenAiError(r, 404).path("code").asText()).isEqualTo("unknown_url");
    }

    @Test
    void postingToAReadOnlyPathIsA405InOpenAiShape() throws Exception {
        HttpResponse<String> r = post("/v1/models", "{}");
        assertOpenAiError(r, 405);
        assertThat(r.headers().firstValue("allow")).contains("GET");
    }
}
