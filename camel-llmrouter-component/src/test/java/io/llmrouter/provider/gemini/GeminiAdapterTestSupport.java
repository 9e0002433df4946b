package io.llmrouter.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.FakeGeminiUpstream;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.llmrouter.testing.StreamRecorder;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One fake Gemini API and one adapter (with its own Vert.x, as in production) per test class. */
abstract class GeminiAdapterTestSupport {

    static final String KEY = FakeCatalog.KEY;

    static FakeGeminiUpstream upstream;
    static Vertx vertx;
    static UpstreamHttp http;
    static GeminiAdapter adapter;
    static Provider provider;

    @BeforeAll
    static void startAdapter() {
        upstream = FakeGeminiUpstream.start();
        vertx = Vertx.vertx();
        http = new UpstreamHttp(vertx, 64);
        adapter = new GeminiAdapter(http);
        provider = new Provider("gemini", ProviderTypes.GEMINI, upstream.baseUrl(), "GEMINI_API_KEY", KEY, Map.of(),
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

    /** A Gemini model of the fake provider: public id {@code pub-NAME}, upstream name NAME. */
    static Deployment model(String name) {
        Model m = new Model("pub-" + name, List.of(), provider.id(), name, 2.5, 10.0, 1.25, 128_000, 16_384,
                EnumSet.of(Capability.CHAT, Capability.STREAMING, Capability.TOOLS, Capability.VISION,
                        Capability.JSON_SCHEMA, Capability.EMBEDDINGS),
                List.of(), 0, 0, null, Map.of(), 1, null, null, null);
        return new Deployment(m, provider);
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

    static FakeOpenAiUpstream.Received sent() {
        List<FakeOpenAiUpstream.Received> all = upstream.requests();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    static LlmException failure(CompletableFuture<?> future) throws Exception {
        return Failures.of(future, KEY);
    }

    /** The error a stream ended with; it must end once. */
    static LlmException streamFailure(StreamRecorder r) throws Exception {
        return Failures.ofStream(r, KEY);
    }

    static StreamRecorder stream(Deployment d, String json, CallOptions options) {
        StreamRecorder recorder = new StreamRecorder();
        adapter.stream(d, request(json), options, recorder);
        return recorder;
    }
}
