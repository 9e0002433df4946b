package io.llmrouter.provider.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.api.StreamListener;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.sim.SimProfile;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.StreamRecorder;
import io.llmrouter.time.VertxClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every simulated call ends, and is counted out of the model's in-flight requests, however it ends: answered, failed,
 * thrown, cancelled by the caller, or timed out. A call left counted in would slow the model's later answers for good.
 */
class SimInFlightTest {

    private static final SimProfile FAST = new SimProfile(5, 0, 2000, 12, 0, List.of("server_error"), 0);
    /** First token after a minute: only a cancel or a timeout ends these calls within a test. */
    private static final SimProfile SLOW = new SimProfile(60_000, 0, 2000, 12, 0, List.of("server_error"), 0);
    private static final SimProfile FAILING = new SimProfile(5, 0, 2000, 12, 1.0, List.of("server_error"), 0);
    private static final ChatRequest HI = RequestCodec.readChat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    private static Vertx vertx;
    private SimAdapter adapter;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void newAdapter() {
        adapter = new SimAdapter(new VertxClock(vertx));
    }

    private static CallOptions options(CancelToken cancel) {
        return new CallOptions(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), cancel);
    }

    private static CallOptions timeoutAfter(Duration timeout) {
        return new CallOptions(timeout, timeout, Duration.ofSeconds(30), new CancelToken());
    }

    private static Deployment sim(SimProfile p) {
        return FakeCatalog.sim("sim-a", p);
    }

    private static ErrorKind failure(CompletableFuture<?> call) {
        ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertThat(e).as("the call failed").isNotNull();
        return ((LlmException) e.getCause()).kind();
    }

    private static ErrorKind streamFailure(StreamRecorder rec) {
        ErrorKind kind = failure(rec.end());
        assertThat(rec.endings()).containsExactly("error");
        return kind;
    }

    private int inFlight() {
        return adapter.controls().inFlight("sim-a");
    }

    @Test
    void anAnsweredCallIsCountedOut() throws Exception {
        adapter.chat(sim(FAST), HI, options(new CancelToken())).get(10, TimeUnit.SECONDS);

        assertThat(inFlight()).isZero();
    }

    @Test
    void aFailedCallIsCountedOut() {
        assertThat(failure(adapter.chat(sim(FAILING), HI, options(new CancelToken())))).isEqualTo(ErrorKind.SERVER_ERROR);

        assertThat(inFlight()).isZero();
    }

    @Test
    void aCancelledCallIsCountedOutAndFailsAsCancelled() {
        CancelToken cancel = new CancelToken();
        CompletableFuture<?> call = adapter.chat(sim(SLOW), HI, options(cancel));
        assertThat(inFlight()).isEqualTo(1);

        cancel.cancel();

        assertThat(failure(call)).isEqualTo(ErrorKind.CANCELLED);
        assertThat(inFlight()).isZero();
    }

    @Test
    void aCallSlowerThanItsTimeoutFailsAsATimeoutAndIsCountedOut() {
        assertThat(failure(adapter.chat(sim(SLOW), HI, timeoutAfter(Duration.ofMillis(20))))).isEqualTo(ErrorKind.TIMEOUT);

        assertThat(inFlight()).isZero();
    }

    @Test
    void aStreamCancelledBeforeItsFirstTokenEndsWithAnErrorAndIsCountedOut() {
        CancelToken cancel = new CancelToken();
        StreamRecorder rec = new StreamRecorder();
        adapter.stream(sim(SLOW), HI, options(cancel), rec);
        assertThat(inFlight()).isEqualTo(1);

        cancel.cancel();

        assertThat(streamFailure(rec)).isEqualTo(ErrorKind.CANCELLED);
        assertThat(inFlight()).isZero();
    }

    @Test
    void aStreamCancelledMidwayEndsWithAnErrorAndIsCountedOut() throws Exception {
        CancelToken cancel = new CancelToken();
        CompletableFuture<Void> firstChunk = new CompletableFuture<>();
        StreamRecorder rec = new StreamRecorder();
        StreamListener tapped = new StreamListener() {
            @Override
            public void onChunk(ChatChunk chunk) {
                rec.onChunk(chunk);
                firstChunk.complete(null);
            }

            @Override
            public void onComplete() {
                rec.onComplete();
            }

            @Override
            public void onError(LlmException error) {
                rec.onError(error);
            }
        };
        // 1 token a second: the stream is still under way when cancelled
        adapter.stream(sim(new SimProfile(5, 0, 1, 12, 0, List.of("server_error"), 0)), HI, options(cancel), tapped);
        firstChunk.get(10, TimeUnit.SECONDS);

        cancel.cancel();

        assertThat(streamFailure(rec)).isEqualTo(ErrorKind.CANCELLED);
        assertThat(inFlight()).isZero();
    }

    @Test
    void aStreamWhoseFirstTokenComesAfterTheTimeoutFailsAndIsCountedOut() {
        StreamRecorder rec = new StreamRecorder();
        adapter.stream(sim(SLOW), HI, timeoutAfter(Duration.ofMillis(20)), rec);

        assertThat(streamFailure(rec)).isEqualTo(ErrorKind.FIRST_TOKEN_TIMEOUT);
        assertThat(rec.chunks()).isEmpty();
        assertThat(inFlight()).isZero();
    }

    @Test
    void anEmbeddingThatCannotBeBuiltFailsInsteadOfHanging() {
        // what a caller that skips RequestCodec's validation can send: once a NegativeArraySizeException left it unanswered
        EmbeddingRequest r = new EmbeddingRequest();
        r.input = Json.MAPPER.getNodeFactory().textNode("x");
        r.dimensions = -5;

        assertThat(failure(adapter.embed(sim(FAST), r, options(new CancelToken())))).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(inFlight()).isZero();
    }

    @Test
    void aCancelledEmbeddingFailsAsCancelledAndIsCountedOut() {
        CancelToken cancel = new CancelToken();
        CompletableFuture<?> call = adapter.embed(sim(SLOW), RequestCodec.readEmbedding("{\"input\":\"x\"}"), options(cancel));
        assertThat(inFlight()).isEqualTo(1);

        cancel.cancel();

        assertThat(failure(call)).isEqualTo(ErrorKind.CANCELLED);
        assertThat(inFlight()).isZero();
    }
}
