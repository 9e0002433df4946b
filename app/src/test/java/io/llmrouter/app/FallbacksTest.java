package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/**
 * Per-request fallbacks, in OpenRouter's ({@code models}) and LiteLLM's ({@code fallbacks}) forms: a retryable
 * failure moves on to the next model, a caller's mistake does not.
 */
class FallbacksTest extends GatewayTestSupport {

    @Test
    void modelsListFailsOverToTheNextModelAfterA503() throws Exception {
        upstream.on("up-a", Behavior.error(503, "server_error", null, "The engine is currently overloaded."));
        upstream.on("up-b", Behavior.text("answer from bee"));

        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"models\":[\"model-a\",\"model-b\"],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("model").asText()).isEqualTo("model-b");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("answer from bee");
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("model-b");
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("2");
        assertThat(upstream.attempts("up-a")).isEqualTo(1);
        assertThat(upstream.attempts("up-b")).isEqualTo(1);
        assertThat(upstream.requests("up-b").get(0).body().has("models")).as("router-only field sent upstream").isFalse();
    }

    @Test
    void fallbacksListFailsOverToTheNextModelAfterARefusedConnection() throws Exception {
        upstream.on("up-a", Behavior.text("answer from a"));

        HttpResponse<String> r = post("/v1/chat/completions", chat("model-dead", "\"fallbacks\":[\"model-a\"]"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("model").asText()).isEqualTo("model-a");
        assertThat(json(r).path("choices").get(0).path("message").path("content").asText()).isEqualTo("answer from a");
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("model-a");
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("2");
        assertThat(upstream.attempts("up-a")).isEqualTo(1);
        assertThat(upstream.requests("up-a").get(0).body().has("fallbacks")).as("router-only field sent upstream").isFalse();
    }

    @Test
    void badRequestFromTheFirstModelIsNotRetriedOnTheNext() throws Exception {
        upstream.on("up-a", Behavior.error(400, "invalid_request_error", null, "bad thing"));
        upstream.on("up-b", Behavior.text("should not be asked"));

        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"models\":[\"model-a\",\"model-b\"],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        JsonNode error = assertOpenAiError(r, 400);
        assertThat(error.path("message").asText()).isEqualTo("bad thing");
        assertThat(upstream.attempts("up-a")).isEqualTo(1);
        assertThat(upstream.attempts("up-b")).isZero();
    }

    @Test
    void streamedRequestFailsOverAfterARefusedConnection() throws Exception {
        upstream.on("up-a", Behavior.text("streamed from a"));

        HttpResponse<String> r = post("/v1/chat/completions",
                chat("model-dead", "\"fallbacks\":[\"model-a\"],\"stream\":true"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(dataEvents(r.body())).last().isEqualTo("[DONE]");
        assertThat(content(chunks(dataEvents(r.body())))).isEqualTo("streamed from a");
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("model-a");
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("2");
    }
}
