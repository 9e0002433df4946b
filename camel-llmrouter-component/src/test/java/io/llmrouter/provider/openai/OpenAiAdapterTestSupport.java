package io.llmrouter.provider.openai;

import static org.awaitility.Awaitility.await;


import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.testing.Failures;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.llmrouter.testing.StreamRecorder;
import io.llmrouter.time.VirtualClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One fake upstream and one adapter (with its own Vert.x, as in production) per test class. The adapter's timeouts run
 * on a virtual clock: they fire only when a test moves it, at the exact time.
 */
abstract class OpenAiAdapterTestSupport {

    static final String KEY = FakeCatalog.KEY;
    static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    static FakeOpenAiUpstream upstream;
    static Vertx vertx;
    static VirtualClock clock;
    static UpstreamHttp http;
    static OpenAiAdapter adapter;
    static Provider provider;

    @BeforeAll
    static void startAdapter() {
        upstream = FakeOpenAiUpstream.start();
        vertx = Vertx.vertx();
        clock = new VirtualClock();
        http = new UpstreamHttp(vertx, clock, 64, UpstreamHttp.DEFAULT_MAX_CONNECTING);
        adapter = new OpenAiAdapter(http);
        provider = FakeCatalog.openAiProvider(upstream.baseUrl());
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

    /** A deployment of the fake provider: public id {@code pub-NAME}, upstream name {@code up-NAME}. */
    static Deployment model(String name) {
        return FakeCatalog.openAi(provider, "pub-" + name, "up-" + name);
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

    /** Once the upstream has the request, moves the adapter's clock on by {@code millis}. */
    static void advanceOnceSent(String upstreamName, long millis) {
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.attempts(upstreamName) == 1);
        clock.advance(Duration.ofMillis(millis));
    }

    static <T> T answer(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
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

    /** The error a stream ended with; it must end once, and its message never holds the key. */
    static LlmException streamFailure(StreamRecorder r) throws Exception {
        return Failures.ofStream(r, KEY);
    }
}
