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
import io.llmrouter.provider.PlainCall;
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
        Signed signed;
        try {
            signed = sign(d, url, request);
        } catch (LlmException e) {
            return CompletableFuture.failedFuture(e);
        }
        return PlainCall.send(http, d, url, signed.headers(), signed.body(), options, BedrockErrors::classify,
                (answerHeaders, answer) -> ConverseAnswer.read(d, answerHeaders.get("x-amzn-RequestId"), answer));
    }

    @Override
    public void stream(Deployment d, ChatRequest request, CallOptions options, StreamListener listener) {
        String url = url(d, "converse-stream");
        Signed signed;
        try {
            signed = sign(d, url, request);
        } catch (LlmException e) {
            listener.onError(e);
            return;
        }
        new ConverseStream(http.vertx(), http.clock(), d, url, options, listener).send(http, signed.headers(), signed.body(),
                EVENT_STREAM);
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

    /** The request's Converse body, with the provider's headers and the signature over both. */
    private Signed sign(Deployment d, String url, ChatRequest request) {
        byte[] body = Json.bytes(ConverseBody.of(request));
        BedrockSettings settings = d.provider().settings(BedrockSettings.class);
        if (settings.aws() == null) {
            throw LlmException.of(ErrorKind.AUTHENTICATION, "Provider '" + d.provider().id()
                    + "' has no AWS credentials to sign requests with");
        }
        Map<String, String> h = new LinkedHashMap<>(d.provider().headers());
        h.putAll(signer.sign(URI.create(url), body, settings.aws(), settings.region(), SigV4Signer.SERVICE));
        return new Signed(h, Buffer.buffer(body));
    }

    private record Signed(Map<String, String> headers, Buffer body) {
    }
}
