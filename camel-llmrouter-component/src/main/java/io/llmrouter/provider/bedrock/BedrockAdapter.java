package io.llmrouter.provider.bedrock;

import java.net.URI;
import java.time.Clock;
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
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.provider.UrlEscape;
import io.vertx.core.buffer.Buffer;

/**
 * AWS Bedrock's Converse API ({@code POST {base}/model/{modelId}/converse} and {@code .../converse-stream}): canonical
 * requests are translated to Converse's shape and SigV4-signed with the provider's AWS credentials, answers and
 * event-stream frames are translated back to OpenAI's. Requests go through the shared {@link UpstreamHttp}; of the AWS
 * SDK only the signer and the event-stream decoder are used.
 */
public final class BedrockAdapter implements ProviderAdapter {

    private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    private final UpstreamHttp http;
    private final SigV4Signer signer;

    public BedrockAdapter(UpstreamHttp http) {
        this(http, http.clock().asJavaClock());
    }

    BedrockAdapter(UpstreamHttp http, Clock clock) {
        this.http = http;
        this.signer = new SigV4Signer(clock);
    }

    @Override
    public CompletableFuture<ChatResponse> chat(Deployment d, ChatRequest request, CallOptions options) {
        String url = url(d, "converse");
        byte[] body;
        Map<String, String> headers;
        try {
            body = Json.bytes(ConverseBody.of(request));
            headers = headers(d, url, body);
        } catch (LlmException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        io.llmrouter.time.Clock.Timer timer = http.clock().schedule(options.timeout().toMillis(), () -> {
            if (result.completeExceptionally(LlmException.of(ErrorKind.TIMEOUT,
                    "Upstream for '" + d.id() + "' gave no answer within " + options.timeout().toMillis() + " ms"))) {
                options.cancel().cancel();
            }
        });
        http.post(url, headers, Buffer.buffer(body), d.provider().connectTimeout(), options, "application/json",
                        resp -> resp.body().map(b -> {
                            if (resp.statusCode() != 200) {
                                throw BedrockErrors.classify(d.id(), resp.statusCode(),
                                        resp.getHeader("x-amzn-ErrorType"), b.getBytes());
                            }
                            return ConverseAnswer.read(d, resp.getHeader("x-amzn-RequestId"), b.getBytes());
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
        String url = url(d, "converse-stream");
        byte[] body;
        Map<String, String> headers;
        try {
            body = Json.bytes(ConverseBody.of(request));
            headers = headers(d, url, body);
        } catch (LlmException e) {
            listener.onError(e);
            return;
        }
        ConverseStream call = new ConverseStream(http.vertx(), http.clock(), d, url, options, listener);
        call.start(http.post(url, headers, Buffer.buffer(body), d.provider().connectTimeout(), options, EVENT_STREAM,
                call::onResponse));
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embed(Deployment d, EmbeddingRequest request, CallOptions options) {
        return CompletableFuture.failedFuture(LlmException.invalid("model",
                "The model '" + d.id() + "' is served by Bedrock's Converse API, which has no embeddings."));
    }

    /**
     * The model id is one path segment: its colons (and an ARN's slashes) are percent-encoded, as the AWS SDK sends
     * them; the signer encodes that path once more for the canonical request.
     */
    static String url(Deployment d, String action) {
        return d.provider().baseUrl() + "/model/" + UrlEscape.component(d.model().upstream()) + "/" + action;
    }

    private Map<String, String> headers(Deployment d, String url, byte[] body) {
        if (d.provider().aws() == null || d.provider().region() == null) {
            throw LlmException.of(ErrorKind.AUTHENTICATION, "Provider '" + d.provider().id()
                    + "' has no AWS credentials or region to sign requests with");
        }
        Map<String, String> h = new LinkedHashMap<>(d.provider().headers());
        h.putAll(signer.sign(URI.create(url), body, d.provider().aws(), d.provider().region(), SigV4Signer.SERVICE));
        return h;
    }
}
