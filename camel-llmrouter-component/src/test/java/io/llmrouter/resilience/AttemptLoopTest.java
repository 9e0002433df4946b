package io.llmrouter.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RetryableLlmException;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.InMemoryRouterState;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.time.VertxClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attempt loop fails over on retryable kinds in order, stops on caller errors or cancel, and sums up failures. */
class AttemptLoopTest {

    private static Vertx vertx;
    private final InMemoryRouterState state = new InMemoryRouterState();
    private final AttemptLoop loop = new AttemptLoop(state, new Breakers(BreakerSettings.DEFAULT, state, new VertxClock(vertx)),
            vertx, new VertxClock(vertx), new Random(1));
    /** No retries of the same deployment: each failure moves on, as these tests are about failover. */
    private static final RetryPolicy FAILOVER_ONLY = new RetryPolicy(5, 0, Duration.ofMillis(1), Duration.ofMillis(1),
            Duration.ofMillis(1), null, List.of());

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    private <T> CompletableFuture<Outcome<T>> run(List<Deployment> ranked, CancelToken token,
                                                  Attempter<T> call) {
        return loop.run(ranked, List.of(), FAILOVER_ONLY, token, System.nanoTime() + 10_000_000_000L, d -> 10, call);
    }
    private final List<String> called = new ArrayList<>();
    private final List<Deployment> abc = List.of(deployment("a"), deployment("b"), deployment("c"));

    private static Deployment deployment(String id) {
        return FakeCatalog.openAi(FakeCatalog.openAiProvider("http://127.0.0.1:1/v1"), id, id);
    }

    /** A call that answers or fails per deployment as the map says, and records the order of calls. */
    private Attempter<String> calls(Map<String, ErrorKind> failures) {
        return (d, cancel, record) -> {
            called.add(d.id());
            ErrorKind kind = failures.get(d.id());
            return kind == null ? CompletableFuture.completedFuture("answer from " + d.id())
                    : CompletableFuture.failedFuture(LlmException.of(kind, d.id() + " failed with " + kind));
        };
    }

    private static LlmException failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return (LlmException) e.getCause();
        }
    }

    @Test
    void failsOverToTheNextModelOnRetryableKindsInRankingOrder() throws Exception {
        Outcome<String> o = run(abc, new CancelToken(),
                calls(Map.of("a", ErrorKind.OVERLOADED, "b", ErrorKind.CONNECT_FAILED))).get(5, TimeUnit.SECONDS);

        assertThat(o.value()).isEqualTo("answer from c");
        assertThat(o.deployment().id()).isEqualTo("c");
        assertThat(called).containsExactly("a", "b", "c");
        assertThat(o.attempts()).extracting(Attempt::deployment).containsExactly("a", "b", "c");
        assertThat(o.attempts()).extracting(Attempt::failure).containsExactly(ErrorKind.OVERLOADED,
                ErrorKind.CONNECT_FAILED, null);
    }

    @Test
    void failsOverOnEveryRetryableKind() throws Exception {
        for (ErrorKind kind : ErrorKind.values()) {
            if (!kind.retryable()) {
                continue;
            }
            called.clear();
            Outcome<String> o = run(abc, new CancelToken(), calls(Map.of("a", kind))).get(5, TimeUnit.SECONDS);
            assertThat(o.deployment().id()).as("after %s", kind).isEqualTo("b");
        }
    }

    @Test
    void stopsAtOnceOnACallerError() throws Exception {
        LlmException e = failure(run(abc, new CancelToken(),
                calls(Map.of("a", ErrorKind.CONTEXT_LENGTH_EXCEEDED))));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
        assertThat(called).containsExactly("a");
    }

    @Test
    void stopsAtOnceOnAnUpstreamBadRequestAfterEarlierFailovers() throws Exception {
        LlmException e = failure(run(abc, new CancelToken(),
                calls(Map.of("a", ErrorKind.SERVER_ERROR, "b", ErrorKind.UPSTREAM_BAD_REQUEST))));

        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_BAD_REQUEST);
        assertThat(called).containsExactly("a", "b");
    }

    @Test
    void aggregatesAllFailuresIntoOneErrorWith502() throws Exception {
        LlmException e = failure(run(abc, new CancelToken(), calls(Map.of("a", ErrorKind.SERVER_ERROR,
                "b", ErrorKind.TIMEOUT, "c", ErrorKind.RATE_LIMITED))));

        assertThat(e.kind()).isEqualTo(ErrorKind.ALL_ATTEMPTS_FAILED);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage()).startsWith("All 3 attempts failed: ")
                .contains("a: a failed with SERVER_ERROR", "b: b failed with TIMEOUT", "c: c failed with RATE_LIMITED");
        assertThat(e.code()).isEqualTo("all_attempts_failed");
    }

    @Test
    void answers503WhenEveryAttemptWasRateLimitedOrOverloaded() throws Exception {
        LlmException e = failure(run(abc, new CancelToken(), calls(Map.of("a", ErrorKind.RATE_LIMITED,
                "b", ErrorKind.OVERLOADED, "c", ErrorKind.RATE_LIMITED))));

        assertThat(e.kind()).isEqualTo(ErrorKind.ALL_ATTEMPTS_FAILED);
        assertThat(e.status()).isEqualTo(503);
    }

    @Test
    void marksTheAggregateRetryableSoThatRouteLevelFailoverCanCatchIt() throws Exception {
        LlmException e = failure(run(List.of(deployment("only")), new CancelToken(),
                calls(Map.of("only", ErrorKind.OVERLOADED))));

        assertThat(e.getMessage()).startsWith("All 1 attempt failed: ");
        assertThat(e).isInstanceOf(RetryableLlmException.class);
    }

    @Test
    void treatsACallThatThrowsAsAFailedAttempt() throws Exception {
        Outcome<String> o = run(abc, new CancelToken(), (d, cancel, record) -> {
            called.add(d.id());
            if (d.id().equals("a")) {
                throw new IllegalStateException("adapter bug");
            }
            return CompletableFuture.completedFuture("ok");
        }).get(5, TimeUnit.SECONDS);

        assertThat(o.deployment().id()).isEqualTo("b");
        // the gateway's own failure: it moves on, and the provider is not blamed
        assertThat(o.attempts().get(0).failure()).isEqualTo(ErrorKind.INTERNAL);
    }

    @Test
    void makesNoAttemptWhenTheRequestIsAlreadyCancelled() throws Exception {
        CancelToken token = new CancelToken();
        token.cancel();

        LlmException e = failure(run(abc, token, calls(Map.of())));

        assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(called).isEmpty();
    }

    @Test
    void cancellingTheRequestCancelsTheAttemptInFlightAndTriesNoOther() throws Exception {
        CancelToken request = new CancelToken();
        List<CancelToken> attemptTokens = new ArrayList<>();
        CompletableFuture<String> inFlight = new CompletableFuture<>();
        CompletableFuture<Outcome<String>> result = run(abc, request, (d, cancel, record) -> {
            called.add(d.id());
            attemptTokens.add(cancel);
            cancel.onCancel(() -> inFlight.completeExceptionally(LlmException.of(ErrorKind.CONNECT_FAILED, "reset")));
            return inFlight;
        });
        assertThat(result).isNotDone();

        request.cancel();

        assertThat(attemptTokens.get(0).isCancelled()).isTrue();
        assertThat(failure(result).kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(called).containsExactly("a");
    }

    @Test
    void givesEachAttemptItsOwnTokenSoAbandoningOneLeavesTheRequestAlone() throws Exception {
        CancelToken request = new CancelToken();
        List<CancelToken> tokens = new ArrayList<>();
        run(abc, request, (d, cancel, record) -> {
            tokens.add(cancel);
            if (d.id().equals("a")) {
                cancel.cancel();
                return CompletableFuture.failedFuture(LlmException.of(ErrorKind.TIMEOUT, "slow"));
            }
            return CompletableFuture.completedFuture("ok");
        }).get(5, TimeUnit.SECONDS);

        assertThat(request.isCancelled()).isFalse();
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(1).isCancelled()).isFalse();
    }

    @Test
    void recordsStartsAndFailuresAndLeavesSuccessesToTheCaller() throws Exception {
        run(abc, new CancelToken(), calls(Map.of("a", ErrorKind.SERVER_ERROR))).get(5, TimeUnit.SECONDS);

        assertThat(state.stats("a").failures()).isEqualTo(1);
        assertThat(state.stats("a").inFlight()).isZero();
        assertThat(state.stats("b").successes()).as("the caller knows the answer's timing and size").isZero();
        assertThat(state.stats("b").inFlight()).isEqualTo(1);
        assertThat(state.stats("c").inFlight()).isZero();
    }
}
