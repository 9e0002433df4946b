package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/**
 * Upstream failures reach the caller as OpenAI's error JSON: a caller's mistake as the upstream described it, the
 * router's own failures as 502/503 naming what was tried, and never the provider's key.
 */
class UpstreamErrorsTest extends GatewayTestSupport {

    @Test
    void upstreamBadRequestIsPassedOnWithItsStatusAndBody() throws Exception {
        upstream.on("up-a", Behavior.error(400, "invalid_request_error", null, "bad thing"));

        HttpResponse<String> r = post("/v1/chat/completions", chat("model-a", null));

        JsonNode error = assertOpenAiError(r, 400);
        assertThat(error.path("message").asText()).isEqualTo("bad thing");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(r)).isEqualTo(Json.MAPPER.readTree(
                "{\"error\":{\"message\":\"bad thing\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"));
    }

    @Test
    void upstreamNotFoundIsPassedOnWithItsStatusAndCode() throws Exception {
        upstream.on("up-a", Behavior.error(404, "invalid_request_error", "model_not_found",
                "The model `up-a` does not exist or you do not have access to it."));

        JsonNode error = assertOpenAiError(post("/v1/chat/completions", chat("model-a", null)), 404);

        assertThat(error.path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void upstreamContextLengthErrorIsPassedOnAsA400() throws Exception {
        upstream.on("up-a", Behavior.error(400, "invalid_request_error", "context_length_exceeded",
                "This model's maximum context length is 8000 tokens."));

        JsonNode error = assertOpenAiError(post("/v1/chat/completions", chat("model-a", null)), 400);

        assertThat(error.path("code").asText()).isEqualTo("context_length_exceeded");
    }

    @Test
    void upstreamUnauthorizedNeverShowsTheProviderKey() throws Exception {
        // Some servers echo the key they were given; the router must not pass it on.
        upstream.on("up-c", Behavior.error(401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided: " + KEY + ". You can find your API key at https://example.test."));

        HttpResponse<String> r = post("/v1/chat/completions", chat("model-c", null));

        JsonNode error = assertOpenAiError(r, 502);
        assertThat(error.path("message").asText()).contains("model-c");
        assertThat(r.body()).doesNotContain(KEY);
        assertThat(r.headers().map().toString()).doesNotContain(KEY);
    }

    @Test
    void upstreamBadRequestEchoingTheKeyIsPassedOnWithTheKeyMasked() throws Exception {
        upstream.on("up-a", Behavior.error(400, "invalid_request_error", null, "bad thing sent with " + KEY));

        HttpResponse<String> r = post("/v1/chat/completions", chat("model-a", null));

        JsonNode error = assertOpenAiError(r, 400);
        assertThat(error.path("message").asText()).startsWith("bad thing sent with ");
        assertThat(r.body()).doesNotContain(KEY);
    }

    @Test
    void allCandidatesFailingIsA502NamingWhatWasTried() throws Exception {
        upstream.on("up-a", Behavior.error(500, "server_error", null, "The server had an error."));

        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"models\":[\"model-a\",\"model-dead\"],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        JsonNode error = assertOpenAiError(r, 502);
        assertThat(error.path("type").asText()).isEqualTo("api_error");
        assertThat(error.path("code").asText()).isEqualTo("all_attempts_failed");
        assertThat(error.path("message").asText()).contains("model-a", "model-dead");
        assertThat(upstream.attempts("up-a")).isEqualTo(1);
    }

    @Test
    void allCandidatesRateLimitedIsA503() throws Exception {
        upstream.on("up-a", Behavior.rateLimited(null));
        upstream.on("up-b", Behavior.rateLimited(null));

        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"models\":[\"model-a\",\"model-b\"],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        JsonNode error = assertOpenAiError(r, 503);
        assertThat(error.path("message").asText()).contains("model-a", "model-b");
        assertThat(upstream.attempts("up-a")).isEqualTo(1);
        assertThat(upstream.attempts("up-b")).isEqualTo(1);
    }

    @Test
    void upstreamBodyThatIsNotAResponseIsA502() throws Exception {
        upstream.on("up-a", call -> call.request().response().putHeader("content-type", "application/json")
                .end("{\"choices\":\"not a list\""));

        JsonNode error = assertOpenAiError(post("/v1/chat/completions", chat("model-a", null)), 502);

        assertThat(error.path("message").asText()).contains("model-a");
    }
}
