package io.llmrouter.provider.anthropic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.PlainCall;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.UpstreamHttp;
import io.vertx.core.buffer.Buffer;

/**
 * Anthropic's Messages API ({@code POST {base}/v1/messages}): canonical requests are translated to Anthropic's
 * shape, answers and stream events back to OpenAI's, so callers never see the difference.
 */
public final class AnthropicAdapter implements ProviderAdapter {

    /** The API version this translation follows. */
    static final String VERSION = "2023-06-01";

    private final UpstreamHttp http;

    public AnthropicAdapter(UpstreamHttp http) {
        this.http = http;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(Deployment d, ChatRequest request, CallOptions options) {
        Buffer body;
        try {
            body = Buffer.buffer(Json.bytes(MessagesBody.of(d, request, false)));
        } catch (LlmException e) {
            return CompletableFuture.failedFuture(e);
        }
        return PlainCall.send(http, d, url(d), headers(d.provider()), body, options, AnthropicErrors::classify,
                (headers, answer) -> MessagesAnswer.read(d, answer));
    }

    @Override
    public void stream(Deployment d, ChatRequest request, CallOptions options, StreamListener listener) {
        Buffer body;
        try {
            body = Buffer.buffer(Json.bytes(MessagesBody.of(d, request, true)));
        } catch (LlmException e) {
            listener.onError(e);
            return;
        }
        new MessagesStream(http.vertx(), http.clock(), d, url(d), options, listener).send(http, headers(d.provider()), body,
                "text/event-stream");
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embed(Deployment d, EmbeddingRequest request, CallOptions options) {
        return CompletableFuture.failedFuture(LlmException.invalid("model",
                "The model '" + d.id() + "' is served by Anthropic, which has no embeddings API."));
    }

    private static String url(Deployment d) {
        return d.provider().baseUrl() + "/v1/messages";
    }

    private static Map<String, String> headers(Provider p) {
        Map<String, String> h = new LinkedHashMap<>(p.headers());
        if (p.apiKey() != null) {
            h.put("x-api-key", p.apiKey());
        }
        h.put("anthropic-version", VERSION);
        return h;
    }
}
