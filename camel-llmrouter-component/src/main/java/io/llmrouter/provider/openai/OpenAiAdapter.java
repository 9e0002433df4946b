package io.llmrouter.provider.openai;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.llmrouter.dialect.openai.OpenAiFields;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.PlainCall;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.UpstreamHttp;
import io.vertx.core.buffer.Buffer;

/**
 * OpenAI's Chat Completions and Embeddings wire protocol, spoken by OpenAI and every OpenAI-compatible server. Streams
 * always ask for usage ({@code stream_options.include_usage}) so streamed spend is never zero; the caller only sees the
 * usage chunk if it asked for it. A Responses API request ({@link ChatRequest#responsesBody}) to a provider that serves
 * that API ({@link OpenAiSettings#nativeResponses}) goes to its {@code /responses} as it came, with the deployment's
 * model and {@code store: false} (the router keeps the conversation, so any provider can continue it).
 */
public final class OpenAiAdapter implements ProviderAdapter {

    private static final ObjectReader RESPONSE = Json.MAPPER.readerFor(ChatResponse.class);
    private static final ObjectReader CHUNK = Json.MAPPER.readerFor(ChatChunk.class);
    private static final ObjectReader EMBEDDINGS = Json.MAPPER.readerFor(EmbeddingResponse.class);

    private final UpstreamHttp http;
    private final OpenAiTarget target;

    public OpenAiAdapter(UpstreamHttp http) {
        this(http, OpenAiTarget.OPENAI);
    }

    public OpenAiAdapter(UpstreamHttp http, OpenAiTarget target) {
        this.http = http;
        this.target = target;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(Deployment d, ChatRequest request, CallOptions options) {
        if (isNative(d, request)) {
            return PlainCall.send(http, d, target.url(d, "responses"), target.headers(d.provider()),
                    responsesBody(d, request, false), options, OpenAiErrors::classify,
                    (headers, body) -> ResponsesAnswer.read(body, d));
        }
        ChatRequest wire = request.forUpstream(target.bodyModel(d));
        wire.stream = null;
        wire.streamOptions = null;
        return call(d, "chat/completions", wire, options, body -> {
            ChatResponse response = parse(RESPONSE, body, d);
            response.model = d.id();
            return response;
        });
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embed(Deployment d, EmbeddingRequest request, CallOptions options) {
        return call(d, "embeddings", request.forUpstream(target.bodyModel(d)), options, body -> {
            EmbeddingResponse response = parse(EMBEDDINGS, body, d);
            response.model = d.id();
            return response;
        });
    }

    @Override
    public void stream(Deployment d, ChatRequest request, CallOptions options, StreamListener listener) {
        if (isNative(d, request)) {
            new ResponsesStreamCall(http.vertx(), http.clock(), d, target.url(d, "responses"), options, listener)
                    .send(http, target.headers(d.provider()), responsesBody(d, request, true), "text/event-stream");
            return;
        }
        ChatRequest wire = request.forUpstream(target.bodyModel(d));
        wire.stream = true;
        wire.streamOptions = wire.streamOptions == null ? StreamOptions.withUsage() : copyWithUsage(wire.streamOptions);
        String url = target.url(d, "chat/completions");
        new StreamCall(http.vertx(), http.clock(), d, url, options, listener).send(http, target.headers(d.provider()),
                Buffer.buffer(Json.bytes(wire)), "text/event-stream");
    }

    private static boolean isNative(Deployment d, ChatRequest request) {
        return request.responsesBody != null && OpenAiSettings.nativeResponses(d.provider());
    }

    private Buffer responsesBody(Deployment d, ChatRequest request, boolean stream) {
        // only top-level fields change: the caller's input is shared, not copied on every attempt
        ObjectNode wire = Json.MAPPER.createObjectNode().setAll(request.responsesBody);
        wire.put("model", target.bodyModel(d));
        wire.put("store", false);
        if (stream) {
            wire.put("stream", true);
        }
        // the router's cache affinity keys chat requests; the Responses API takes the same field
        if (!wire.has(OpenAiFields.PROMPT_CACHE_KEY) && request.extra().get(OpenAiFields.PROMPT_CACHE_KEY) instanceof String key) {
            wire.put(OpenAiFields.PROMPT_CACHE_KEY, key);
        }
        return Buffer.buffer(Json.bytes(wire));
    }

    private <T> CompletableFuture<T> call(Deployment d, String operation, Object wire, CallOptions options,
                                          Function<byte[], T> read) {
        return PlainCall.send(http, d, target.url(d, operation), target.headers(d.provider()),
                Buffer.buffer(Json.bytes(wire)), options, OpenAiErrors::classify, (headers, body) -> read.apply(body));
    }

    private static <T> T parse(ObjectReader reader, byte[] body, Deployment d) {
        try {
            return reader.readValue(body);
        } catch (Exception e) {
            throw LlmException.of(ErrorKind.MALFORMED_RESPONSE,
                    "Upstream for '" + d.id() + "' sent a body that is not a valid response: " + e.getMessage());
        }
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
                    + OpenAiErrors.redact(node.has("message") ? node.get("message").asText() : node.toString(),
                            d.provider().apiKey()));
        }
        chunk.model = d.id();
        return chunk;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
