package io.llmrouter.provider.anthropic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.time.Clock;
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
        String url = url(d);
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        Clock.Timer timer = http.clock().schedule(options.timeout().toMillis(), () -> {
            if (result.completeExceptionally(LlmException.of(ErrorKind.TIMEOUT,
                    "Upstream for '" + d.id() + "' gave no answer within " + options.timeout().toMillis() + " ms"))) {
                options.cancel().cancel();
            }
        });
        http.post(url, headers(d.provider()), body, d.provider().connectTimeout(), options, "application/json",
                        resp -> resp.body().map(b -> {
                            if (resp.statusCode() != 200) {
                                throw AnthropicErrors.classify(d.id(), d.provider().apiKey(), resp.statusCode(),
                                        resp.getHeader("retry-after"), b.getBytes());
                            }
                            return MessagesAnswer.read(d, b.getBytes());
                        }))
                .onComplete(ar -> {
                    timer.cancel();
                    if (ar.succeeded()) {
                        result.complete(ar.result());
                    } else {
                        result.completeExceptionally(UpstreamHttp.classify(ar.cause(), url));
                    }
                });
        return result;
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
        String url = url(d);
        MessagesStream call = new MessagesStream(http.vertx(), http.clock(), d, url, options, listener);
        call.start(http.post(url, headers(d.provider()), body, d.provider().connectTimeout(), options,
                "text/event-stream", call::onResponse));
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
