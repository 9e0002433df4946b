package io.llmrouter.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Model;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.ProviderTypes;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.testing.Failures;
import io.llmrouter.testing.FakeBedrockUpstream;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.llmrouter.testing.StreamRecorder;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One fake Bedrock upstream and one adapter (with its own Vert.x, as in production) per test class. */
abstract class BedrockAdapterTestSupport {

    static final String REGION = "eu-west-3";
    static final String ACCESS_KEY = "AKIDFAKEEXAMPLE01";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYFAKEKEY01";

    static FakeBedrockUpstream upstream;
    static Vertx vertx;
    static UpstreamHttp http;
    static BedrockAdapter adapter;
    static Provider provider;

    @BeforeAll
    static void startAdapter() {
        upstream = FakeBedrockUpstream.start(REGION, ACCESS_KEY, SECRET);
        vertx = Vertx.vertx();
        http = new UpstreamHttp(vertx, 64);
        adapter = new BedrockAdapter(http);
        provider = provider(null);
    }

    @AfterAll
    static void stopAdapter() throws Exception {
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        upstream.close();
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
    }

    /** The fake's provider with the test credentials, and a session token unless null. */
    static Provider provider(String sessionToken) {
        return new Provider("bedrock", ProviderTypes.BEDROCK, upstream.baseUrl(), null, null, Map.of(),
                Duration.ofSeconds(2), Duration.ofSeconds(30),
                new BedrockSettings(REGION, new AwsCredentials("AWS_ACCESS_KEY_ID", ACCESS_KEY, SECRET, sessionToken),
                        null), Set.of(), null);
    }

    /** A model of the provider: public id {@code pub-NAME}, upstream id as given. */
    static Deployment model(Provider p, String name, String upstreamId) {
        Model m = new Model("pub-" + name, List.of(), p.id(), upstreamId, 0.8, 4.0, 0.08, 200_000, 8192,
                EnumSet.of(Capability.CHAT, Capability.STREAMING, Capability.TOOLS, Capability.VISION),
                List.of(), 0, 0, null, Map.of(), 1, null, null, null);
        return new Deployment(m, p);
    }

    /** A model whose upstream id has the colon real Bedrock ids have: {@code vendor.NAME-v1:0}. */
    static Deployment model(String name) {
        return model(provider, name, upstreamId(name));
    }

    static String upstreamId(String name) {
        return "vendor." + name + "-v1:0";
    }

    static ChatRequest request(String json) {
        return RequestCodec.readChat(json);
    }

    static CallOptions options() {
        return options(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    static CallOptions options(Duration timeout, Duration firstToken) {
        return new CallOptions(timeout, firstToken, Duration.ofSeconds(10), new CancelToken());
    }

    static <T> T answer(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed; the fake refused: " + upstream.rejections(), e.getCause());
        }
    }

    /** The body the upstream received last. */
    static JsonNode sent() {
        return last().body();
    }

    static FakeOpenAiUpstream.Received last() {
        List<FakeOpenAiUpstream.Received> all = upstream.requests();
        assertThat(all).as("requests the fake accepted; refused: " + upstream.rejections()).isNotEmpty();
        return all.get(all.size() - 1);
    }

    /** The failure the future ends with; its message must never hold the secret. */
    static LlmException failure(CompletableFuture<?> future) throws Exception {
        return Failures.of(future, SECRET);
    }

    static StreamRecorder stream(Deployment d, String json, CallOptions options) {
        StreamRecorder recorder = new StreamRecorder();
        adapter.stream(d, request(json), options, recorder);
        return recorder;
    }

    /** Waits for a stream that must complete normally. */
    static void completes(StreamRecorder r) throws Exception {
        try {
            r.end().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("stream failed; the fake refused: " + upstream.rejections(), e.getCause());
        }
        assertThat(r.endings()).containsExactly("complete");
    }

    /** The error a stream ended with; it must end once. */
    static LlmException streamFailure(StreamRecorder r) throws Exception {
        return Failures.ofStream(r, SECRET);
    }
}
