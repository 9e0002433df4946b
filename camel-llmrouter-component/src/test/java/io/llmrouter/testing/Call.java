package io.llmrouter.testing;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerRequest;

/** One request to the fake upstream, as a {@link Behavior} sees it. */
public record Call(FakeOpenAiUpstream upstream, HttpServerRequest request, String model, JsonNode body,
                   Map<String, String> headers) {

    public boolean streamed() {
        return body != null && body.path("stream").asBoolean(false);
    }

    public boolean includeUsage() {
        return body != null && body.path("stream_options").path("include_usage").asBoolean(false);
    }

    /** OpenAI's Responses API ({@code POST /v1/responses}) rather than Chat Completions. */
    public boolean responses() {
        return request.path().endsWith("/responses");
    }

    public boolean embeddings() {
        return request.path().endsWith("/embeddings");
    }
}
