package io.llmrouter.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Model;
import io.llmrouter.catalog.Provider;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.InMemoryRouterState;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.time.VirtualClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each failure kind gets its policy: same-deployment retries with backoff or Retry-After, or the right failover. In
 * virtual time, so waits are measured exactly and cost nothing.
 */
class RetryPolicyTest {

    private static Vertx vertx;
    private final VirtualClock clock = new VirtualClock();
    private final InMemoryRouterState state = new InMemoryRouterState(clock::nanoTime);
    private final Breakers breakers = new Breakers(new BreakerSettings(50, 100, Duration.ofSeconds(60), 4, 4,
            Duration.ofSeconds(30), 1, Duration.ZERO), state, clock);
    private final AttemptLoop loop = new AttemptLoop(state, breakers, vertx, clock, new Random(3));
    private final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> callTimes = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    private static Deployment deployment(String id, int contextWindow) {
        Provider p = FakeCatalog.openAiProvider("http://127.0.0.1:1/v1");
        return new Deployment(new Model(id, List.of(), p.id(), id, 1.0, 1.0, null, contextWindow, 0,
                EnumSet.of(Capability.CHAT), List.of(), 0, 0, null, Map.of(), 1, null, null, null), p);
    }

    private static RetryPolicy policy(int retries, long backoffMs, long maxRetryAfterMs) {
        return new RetryPolicy(6, retries, Duration.ofMillis(backoffMs), Duration.ofMillis(backoffMs * 8),
                Duration.ofMillis(maxRetryAfterMs), null, List.of());
    }

    /** Each deployment fails with the listed errors in turn, then answers. */
    private Attempter<String> script(Map<String, List<LlmException>> plan) {
        Map<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
        return (d, cancel, record) -> {
            calls.add(d.id());
            callTimes.add(clock.nanoTime());
            int n = seen.merge(d.id(), 1, Integer::sum) - 1;
            List<LlmException> failures = plan.getOrDefault(d.id(), List.of());
            return n < failures.size() ? CompletableFuture.failedFuture(failures.get(n))
                    : CompletableFuture.completedFuture(d.id());
        };
    }

    /** Moves the clock a millisecond at a time until the future is done, as a minute of real time at most would. */
    private <T> CompletableFuture<T> settle(CompletableFuture<T> f) {
        for (int ms = 0; ms < 60_000 && !f.isDone(); ms++) {
            clock.advance(Duration.ofMillis(1));
        }
        return f;
    }

    private <T> Outcome<T> ok(CompletableFuture<Outcome<T>> f) throws Exception {
        return settle(f).get(0, TimeUnit.SECONDS);
    }

    private LlmException failed(CompletableFuture<?> f) throws Exception {
        try {
            settle(f).get(0, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return (LlmException) e.getCause();
        }
    }

    private CompletableFuture<Outcome<String>> run(List<Deployment> ranked, RetryPolicy p,
                                                   Attempter<String> call) {
        return loop.run(ranked, List.of(), p, new CancelToken(), clock.nanoTime() + 10_000_000_000L, d -> 1, call);
    }

    private static LlmException err(ErrorKind kind) {
        return LlmException.of(kind, kind.name());
    }

    @Test
    void retriesTheSameDeploymentAfterA500ThenAnswers() throws Exception {
        Deployment a = deployment("a", 0);
        Outcome<String> o = ok(run(List.of(a, deployment("b", 0)), policy(2, 20, 1000),
                script(Map.of("a", List.of(err(ErrorKind.SERVER_ERROR))))));
        assertThat(o.value()).isEqualTo("a");
        assertThat(calls).containsExactly("a", "a");
    }

    @Test
    void failsOverAfterTheRetriesOfOneDeploymentAreUsedUp() throws Exception {
        Outcome<String> o = ok(run(List.of(deployment("a", 0), deployment("b", 0)), policy(2, 10, 1000),
                script(Map.of("a", List.of(err(ErrorKind.OVERLOADED), err(ErrorKind.OVERLOADED),
                        err(ErrorKind.OVERLOADED))))));
        assertThat(o.value()).isEqualTo("b");
        assertThat(calls).containsExactly("a", "a", "a", "b");
    }

    @Test
    void backsOffExponentiallyWithFullJitterWithinTheLimits() throws Exception {
        ok(run(List.of(deployment("a", 0)), policy(3, 40, 1000), script(Map.of("a", List.of(err(ErrorKind.SERVER_ERROR),
                err(ErrorKind.SERVER_ERROR), err(ErrorKind.SERVER_ERROR))))));
        List<Long> t = new ArrayList<>(callTimes);
        assertThat(t).hasSize(4);
        // waits are uniform in [0, 40), [0, 80), [0, 160) ms (a timer waits 1 ms at the least)
        List<Long> waits = new ArrayList<>();
        for (int i = 1; i < t.size(); i++) {
            long wait = (t.get(i) - t.get(i - 1)) / 1_000_000;
            assertThat(wait).as("wait %d", i).isBetween(1L, (40L << (i - 1)) - 1);
            waits.add(wait);
        }
        assertThat(waits).as("jittered, not the limits").doesNotContain(40L, 80L, 160L).doesNotHaveDuplicates();
    }

    @Test
    void theJitteredWaitsSpreadOverTheirWholeRange() throws Exception {
        List<Long> firstWaits = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            callTimes.clear();
            // a deployment per request: the failures would open one deployment's breaker
            String id = "a" + i;
            ok(run(List.of(deployment(id, 0)), policy(1, 100, 1000),
                    script(Map.of(id, List.of(err(ErrorKind.SERVER_ERROR))))));
            List<Long> t = new ArrayList<>(callTimes);
            firstWaits.add((t.get(1) - t.get(0)) / 1_000_000);
        }
        assertThat(firstWaits).allMatch(w -> w >= 1 && w < 100);
        assertThat(firstWaits.stream().filter(w -> w < 50).count()).as("full jitter: about half below the middle")
                .isBetween(70L, 130L);
    }

    @Test
    void honoursRetryAfterOnA429() throws Exception {
        LlmException limited = LlmException.of(ErrorKind.RATE_LIMITED, "slow down").retryAfter(300);
        Outcome<String> o = ok(run(List.of(deployment("a", 0), deployment("b", 0)), policy(1, 5, 1000),
                script(Map.of("a", List.of(limited)))));
        assertThat(o.value()).isEqualTo("a");
        List<Long> t = new ArrayList<>(callTimes);
        assertThat((t.get(1) - t.get(0)) / 1_000_000).isEqualTo(300);
    }

    @Test
    void movesOnAtOnceWhenRetryAfterIsBeyondTheCap() throws Exception {
        LlmException limited = LlmException.of(ErrorKind.RATE_LIMITED, "come back in a minute").retryAfter(60_000);
        Outcome<String> o = ok(run(List.of(deployment("a", 0), deployment("b", 0)), policy(3, 5, 1000),
                script(Map.of("a", List.of(limited)))));
        assertThat(o.value()).isEqualTo("b");
        assertThat(calls).containsExactly("a", "b");
    }

    @Test
    void slownessFailsOverWithoutRetryingTheSameDeployment() throws Exception {
        for (ErrorKind kind : List.of(ErrorKind.TIMEOUT, ErrorKind.FIRST_TOKEN_TIMEOUT, ErrorKind.STREAM_STALLED,
                ErrorKind.AUTHENTICATION)) {
            calls.clear();
            Outcome<String> o = ok(run(List.of(deployment("a", 0), deployment("b", 0)), policy(3, 5, 1000),
                    script(Map.of("a", List.of(err(kind))))));
            assertThat(calls).as(kind.name()).containsExactly("a", "b");
            assertThat(o.value()).isEqualTo("b");
        }
    }

    @Test
    void aContextLengthErrorFailsOverOnlyToLargerWindows() throws Exception {
        Deployment small = deployment("small", 8_000);
        Deployment same = deployment("same", 8_000);
        Deployment large = deployment("large", 128_000);
        Outcome<String> o = ok(run(List.of(small, same, large), policy(1, 5, 1000),
                script(Map.of("small", List.of(err(ErrorKind.CONTEXT_LENGTH_EXCEEDED))))));
        assertThat(o.value()).isEqualTo("large");
        assertThat(calls).containsExactly("small", "large");
    }

    @Test
    void aContextLengthErrorWithNoLargerModelIsPassedOn() throws Exception {
        LlmException e = failed(run(List.of(deployment("small", 8_000), deployment("same", 8_000)), policy(1, 5, 1000),
                script(Map.of("small", List.of(err(ErrorKind.CONTEXT_LENGTH_EXCEEDED))))));
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
        assertThat(calls).containsExactly("small");
    }

    @Test
    void aContentPolicyRefusalGoesToTheConfiguredFallbacksOnly() throws Exception {
        Deployment a = deployment("a", 0);
        Deployment next = deployment("next", 0);
        Deployment lenient = deployment("lenient", 0);
        var script = script(Map.of("a", List.of(err(ErrorKind.CONTENT_POLICY))));
        Outcome<String> o = ok(loop.run(List.of(a, next), List.of(lenient), policy(1, 5, 1000), new CancelToken(),
                clock.nanoTime() + 10_000_000_000L, d -> 1, script));
        assertThat(o.value()).isEqualTo("lenient");
        assertThat(calls).containsExactly("a", "lenient");

        calls.clear();
        LlmException e = failed(run(List.of(a, next), policy(1, 5, 1000),
                script(Map.of("a", List.of(err(ErrorKind.CONTENT_POLICY))))));
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_POLICY);
        assertThat(calls).containsExactly("a");
    }

    @Test
    void neverMakesMoreThanMaxAttempts() throws Exception {
        RetryPolicy two = new RetryPolicy(2, 5, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1), null,
                List.of());
        LlmException e = failed(run(List.of(deployment("a", 0), deployment("b", 0)), two,
                script(Map.of("a", List.of(err(ErrorKind.SERVER_ERROR), err(ErrorKind.SERVER_ERROR),
                        err(ErrorKind.SERVER_ERROR))))));
        assertThat(e.kind()).isEqualTo(ErrorKind.ALL_ATTEMPTS_FAILED);
        assertThat(calls).hasSize(2);
    }

    @Test
    void stopsAtTheDeadline() throws Exception {
        CompletableFuture<Outcome<String>> f = loop.run(List.of(deployment("a", 0), deployment("b", 0)), List.of(),
                policy(5, 2_000, 1000), new CancelToken(), clock.nanoTime() + 100_000_000L, d -> 1,
                script(Map.of("a", List.of(err(ErrorKind.SERVER_ERROR)), "b", List.of(err(ErrorKind.SERVER_ERROR)))));
        LlmException e = failed(f);
        assertThat(e.kind()).isEqualTo(ErrorKind.ALL_ATTEMPTS_FAILED);
        assertThat(calls).doesNotHaveDuplicates();
    }

    @Test
    void anAttemptThatFailsPastTheDeadlineEndsTheRequestAsDeadlineExceeded() throws Exception {
        CompletableFuture<Outcome<String>> f = loop.run(List.of(deployment("a", 0), deployment("b", 0)), List.of(),
                policy(5, 10, 1000), new CancelToken(), clock.nanoTime() + 100_000_000L, d -> 1, (d, cancel, record) -> {
                    calls.add(d.id());
                    CompletableFuture<String> late = new CompletableFuture<>();
                    clock.schedule(150, () -> late.completeExceptionally(err(ErrorKind.SERVER_ERROR)));
                    return late;
                });
        clock.advance(Duration.ofMillis(149));
        assertThat(f).isNotDone();
        LlmException e = failed(f);
        assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
        assertThat(e.getMessage()).startsWith("The request's deadline passed after 1 attempt failed");
        assertThat(calls).containsExactly("a");
    }

    @Test
    void anOpenCircuitIsSkippedWithoutACall() throws Exception {
        Deployment a = deployment("a", 0);
        for (int i = 0; i < 4; i++) {
            breakers.tryAcquire("a");
            breakers.onFailure("a", ErrorKind.SERVER_ERROR, 1_000);
        }
        assertThat(breakers.status("a")).isEqualTo(CircuitStatus.OPEN);
        assertThat(state.stats("a").unavailableReason(state.nanoTime())).startsWith("circuit open");
        Outcome<String> o = ok(run(List.of(a, deployment("b", 0)), policy(1, 5, 1000), script(Map.of())));
        assertThat(o.value()).isEqualTo("b");
        assertThat(calls).containsExactly("b");
    }

    @Test
    void aRateLimitedDeploymentWithoutHeadroomIsSkippedBeforeSending() throws Exception {
        Provider p = FakeCatalog.openAiProvider("http://127.0.0.1:1/v1");
        Deployment limited = new Deployment(new Model("limited", List.of(), p.id(), "limited", 1.0, 1.0, null, 0, 0,
                EnumSet.of(Capability.CHAT), List.of(), 1, 0, null, Map.of(), 1, null, null, null), p);
        ok(run(List.of(limited), policy(0, 5, 1000), script(Map.of())));
        Outcome<String> o = ok(run(List.of(limited, deployment("b", 0)), policy(0, 5, 1000), script(Map.of())));
        assertThat(o.value()).isEqualTo("b");
        assertThat(calls).containsExactly("limited", "b");
    }

    @Test
    void hedgingStartsTheNextCandidateWhenTheFirstIsSlowAndCancelsTheLoser() throws Exception {
        CancelToken[] slowToken = new CancelToken[1];
        RetryPolicy hedged = new RetryPolicy(4, 0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofMillis(50), List.of());
        CompletableFuture<Outcome<String>> f = loop.run(List.of(deployment("slow", 0), deployment("fast", 0)),
                List.of(), hedged, new CancelToken(), clock.nanoTime() + 10_000_000_000L, d -> 1,
                (d, cancel, record) -> {
                    calls.add(d.id());
                    if (d.id().equals("slow")) {
                        slowToken[0] = cancel;
                        CompletableFuture<String> never = new CompletableFuture<>();
                        cancel.onCancel(() -> never.completeExceptionally(LlmException.of(ErrorKind.CANCELLED, "x")));
                        return never;
                    }
                    return CompletableFuture.completedFuture("fast");
                });
        clock.advance(Duration.ofMillis(49));
        assertThat(calls).as("not before the hedge delay").containsExactly("slow");
        clock.advance(Duration.ofMillis(1));
        assertThat(f).isDone();
        Outcome<String> o = ok(f);
        assertThat(o.value()).isEqualTo("fast");
        assertThat(calls).containsExactly("slow", "fast");
        assertThat(slowToken[0].isCancelled()).isTrue();
    }
}
