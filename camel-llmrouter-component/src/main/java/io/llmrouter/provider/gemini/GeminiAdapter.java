package io.llmrouter.provider.gemini;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

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
import io.llmrouter.provider.UrlEscape;
import io.vertx.core.buffer.Buffer;

/**
 * Google's Generative Language API for Gemini models ({@code {base}/models/{model}:generateContent},
 * {@code :streamGenerateContent?alt=sse}, {@code :batchEmbedContents}, the key in {@code x-goog-api-key}): canonical
 * requests are translated to Gemini's shape, answers and stream events back to OpenAI's, so callers never see the
 * difference.
 */
public final class GeminiAdapter implements ProviderAdapter {

    private final UpstreamHttp http;

    public GeminiAdapter(UpstreamHttp http) {
        this.http = http;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(Deployment d, ChatRequest request, CallOptions options) {
        Buffer body;
        try {
            body = Buffer.buffer(Json.bytes(GenerateContentBody.of(request)));
        } catch (LlmException e) {
            return CompletableFuture.failedFuture(e);
        }
        return call(d, url(d, ":generateContent"), body, options, bytes -> GenerateContentAnswer.read(d, bytes));
    }

    @Override
    public void stream(Deployment d, ChatRequest request, CallOptions options, StreamListener listener) {
        Buffer body;
        try {
            body = Buffer.buffer(Json.bytes(GenerateContentBody.of(request)));
        } catch (LlmException e) {
            listener.onError(e);
            return;
        }
        new GenerateContentStream(http.vertx(), http.clock(), d, url(d, ":streamGenerateContent?alt=sse"), options, listener)
                .send(http, headers(d.provider()), body, "text/event-stream");
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embed(Deployment d, EmbeddingRequest request, CallOptions options) {
        List<String> texts;
        try {
            texts = EmbedContents.inputs(request);
        } catch (LlmException e) {
            return CompletableFuture.failedFuture(e);
        }
        Buffer body = Buffer.buffer(Json.bytes(EmbedContents.body(model(d), request, texts)));
        return call(d, url(d, ":batchEmbedContents"), body, options,
                bytes -> EmbedContents.read(d, bytes, request, texts));
    }

    private <T> CompletableFuture<T> call(Deployment d, String url, Buffer body, CallOptions options,
                                          Function<byte[], T> read) {
        return PlainCall.send(http, d, url, headers(d.provider()), body, options, GeminiErrors::classify,
                (headers, answer) -> read.apply(answer));
    }

    /** The model's name without the {@code models/} prefix the API's resource names carry. */
    private static String model(Deployment d) {
        String name = d.model().upstream();
        return name.startsWith("models/") ? name.substring("models/".length()) : name;
    }

    /** The model is one escaped path segment: a wildcard name can neither leave {@code models/} nor add a query. */
    private static String url(Deployment d, String method) {
        return d.provider().baseUrl() + "/models/" + UrlEscape.component(model(d)) + method;
    }

    private static Map<String, String> headers(Provider p) {
        Map<String, String> h = new LinkedHashMap<>(p.headers());
        if (p.apiKey() != null) {
            h.put("x-goog-api-key", p.apiKey());
        }
        return h;
    }
}
