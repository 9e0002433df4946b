package io.llmrouter.provider.openai;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.api.StreamOptions;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.UpstreamHttp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * OpenAI's Chat Completions and Embeddings wire protocol, spoken by OpenAI and every OpenAI-compatible server. Streams
 * always ask for usage ({@code stream_options.include_usage}) so streamed spend is never zero; the caller only sees the
 * usage chunk if it asked for it.
 */
public final class OpenAiAdapter implements ProviderAdapter {

    private static final ObjectReader RESPONSE = Json.MAPPER.readerFor(ChatResponse.class);
    private static final ObjectReader CHUNK = Json.MAPPER.readerFor(ChatChunk.class);
    private static final ObjectReader EMBEDDINGS = Json.MAPPER.readerFor(EmbeddingResponse.class);

    private final UpstreamHttp http;

    public OpenAiAdapter(UpstreamHttp http) {
        this.http = http;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(Deployment d, ChatRequest request, CallOptions options) {
        ChatRequest wire = request.forUpstream(d.model().upstream());
        wire.stream = null;
        wire.streamOptions = null;
        return call(d, "/chat/completions", wire, options).thenApply(body -> {
            ChatResponse response = parse(RESPONSE, body, d);
            response.model = d.id();
            return response;
        });
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embed(Deployment d, EmbeddingRequest request, CallOptions options) {
        return call(d, "/embeddings", request.forUpstream(d.model().upstream()), options).thenApply(body -> {
            EmbeddingResponse response = parse(EMBEDDINGS, body, d);
            response.model = d.id();
            return response;
        });
    }

    @Override
    public void stream(Deployment d, ChatRequest request, CallOptions options, StreamListener listener) {
        ChatRequest wire = request.forUpstream(d.model().upstream());
        wire.stream = true;
        wire.streamOptions = wire.streamOptions == null ? StreamOptions.withUsage() : copyWithUsage(wire.streamOptions);
        String url = url(d, "/chat/completions");
        new StreamCall(http.vertx(), d, url, options, listener).start(http.post(url, headers(d.provider()),
                Buffer.buffer(Json.bytes(wire)), d.provider().connectTimeout(), options, "text/event-stream"));
    }

    private CompletableFuture<byte[]> call(Deployment d, String path, Object wire, CallOptions options) {
        String url = url(d, path);
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        long timer = http.vertx().setTimer(options.timeout().toMillis(), id -> {
            if (result.completeExceptionally(LlmException.of(ErrorKind.TIMEOUT,
                    "Upstream for '" + d.id() + "' gave no answer within " + options.timeout().toMillis() + " ms"))) {
                options.cancel().cancel();
            }
        });
        http.post(url, headers(d.provider()), Buffer.buffer(Json.bytes(wire)), d.provider().connectTimeout(), options,
                        "application/json")
                .compose(resp -> {
                    Future<Buffer> body = resp.body();
                    resp.resume();
                    return body.map(bytes -> answer(d, resp, bytes));
                })
                .onComplete(ar -> {
                    http.vertx().cancelTimer(timer);
                    if (ar.succeeded()) {
                        result.complete(ar.result());
                    } else {
                        result.completeExceptionally(UpstreamHttp.classify(ar.cause(), url));
                    }
                });
        return result;
    }

    private static byte[] answer(Deployment d, HttpClientResponse resp, Buffer body) {
        byte[] bytes = body.getBytes();
        if (resp.statusCode() != 200) {
            throw OpenAiErrors.classify(d.id(), resp.statusCode(), resp.getHeader("retry-after"), bytes);
        }
        return bytes;
    }

    private static <T> T parse(ObjectReader reader, byte[] body, Deployment d) {
        try {
            return reader.readValue(body);
        } catch (Exception e) {
            throw LlmException.of(ErrorKind.MALFORMED_RESPONSE,
                    "Upstream for '" + d.id() + "' sent a body that is not a valid response: " + e.getMessage());
        }
    }

    static String url(Deployment d, String path) {
        return d.provider().baseUrl() + path;
    }

    static Map<String, String> headers(Provider p) {
        Map<String, String> h = new LinkedHashMap<>(p.headers());
        if (p.apiKey() != null) {
            h.put("Authorization", "Bearer " + p.apiKey());
        }
        return h;
    }

    private static StreamOptions copyWithUsage(StreamOptions original) {
        StreamOptions copy = StreamOptions.withUsage();
        original.extra().forEach(copy::extra);
        return copy;
    }

    static ChatChunk parseChunk(String data, Deployment d) {
        ChatChunk chunk;
        try {
            chunk = CHUNK.readValue(data);
        } catch (Exception e) {
            throw LlmException.of(ErrorKind.MALFORMED_RESPONSE,
                    "Upstream for '" + d.id() + "' sent a malformed stream event: " + abbreviate(data));
        }
        Object error = chunk.extra().get("error");
        if (error != null) {
            JsonNode node = Json.MAPPER.valueToTree(error);
            throw LlmException.of(ErrorKind.SERVER_ERROR, "Upstream for '" + d.id() + "' failed mid-stream: "
                    + (node.has("message") ? node.get("message").asText() : node.toString()));
        }
        chunk.model = d.id();
        return chunk;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
