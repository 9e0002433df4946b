package io.llmrouter.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
import io.llmrouter.testing.FakeAnthropicUpstream;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.StreamRecorder;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One fake Anthropic upstream and one adapter (with its own Vert.x, as in production) per test class. */
abstract class AnthropicAdapterTestSupport {

    static final String KEY = FakeCatalog.KEY;

    static FakeAnthropicUpstream upstream;
    static Vertx vertx;
    static UpstreamHttp http;
    static AnthropicAdapter adapter;
    static Provider provider;

    @BeforeAll
    static void startAdapter() {
        upstream = FakeAnthropicUpstream.start();
        vertx = Vertx.vertx();
        http = new UpstreamHttp(vertx, 64);
        adapter = new AnthropicAdapter(http);
        provider = new Provider("anth", ProviderTypes.ANTHROPIC, upstream.baseUrl(), "ANTHROPIC_API_KEY", KEY, Map.of(),
                Duration.ofSeconds(2), Duration.ofSeconds(30), null, Set.of(), null);
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

    /** A Claude model of the fake provider: public id {@code pub-NAME}, upstream name {@code up-NAME}. */
    static Deployment model(String name, int maxOutputTokens) {
        Model m = new Model("pub-" + name, List.of(), provider.id(), "up-" + name, 3.0, 15.0, 0.3, 200_000,
                maxOutputTokens, EnumSet.of(Capability.CHAT, Capability.STREAMING, Capability.TOOLS, Capability.VISION),
                List.of(), 0, 0, null, Map.of(), 1, null, null, null);
        return new Deployment(m, provider);
    }

    static Deployment model(String name) {
        return model(name, 8192);
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
        return future.get(10, TimeUnit.SECONDS);
    }

    /** The body the upstream received last. */
    static JsonNode sent() {
        List<io.llmrouter.testing.FakeOpenAiUpstream.Received> all = upstream.requests();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1).body();
    }

    /** The failure the future ends with; its message must never hold the key. */
    static LlmException failure(CompletableFuture<?> future) throws Exception {
        return Failures.of(future, KEY);
    }

    static StreamRecorder stream(Deployment d, String json, CallOptions options) {
        StreamRecorder recorder = new StreamRecorder();
        adapter.stream(d, request(json), options, recorder);
        return recorder;
    }

    /** The error a stream ended with; it must end once. */
    static LlmException streamFailure(StreamRecorder r) throws Exception {
        return Failures.ofStream(r, KEY);
    }
}
