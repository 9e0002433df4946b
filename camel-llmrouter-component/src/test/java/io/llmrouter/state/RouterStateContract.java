package io.llmrouter.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.llmrouter.api.ErrorKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RouterState} must do, in virtual time: peak EWMA, averages, windows, cooldowns, circuits, credential
 * rejection, spend and exact rate limits; each implementation runs it through a subclass.
 */
public abstract class RouterStateContract {

    protected final AtomicLong now = new AtomicLong(5_000_000_000_000L);
    protected RouterState state;

    /** A fresh state reading the given virtual clock; its wall clock (if it needs one) is {@code nanos / 1e6}. */
    protected abstract RouterState newState(LongSupplier nanoClock);

    @BeforeEach
    void createState() {
        state = newState(now::get);
    }

    protected void answer(String d, long ms) {
        state.attemptStarted(d, 10);
        state.attemptSucceeded(d, ms * 1_000_000L, -1, 100);
    }

    protected void advanceMillis(long ms) {
        now.addAndGet(ms * 1_000_000L);
    }

    @Test
    void aDeploymentNeverSeenHasEmptyStatistics() {
        DeploymentStats s = state.stats("new");
        assertThat(s.inFlight()).isZero();
        assertThat(s.ewmaLatencyMs()).isZero();
        assertThat(s.peakEwmaMs(false, now.get())).isZero();
        assertThat(s.errorRate()).isZero();
        assertThat(s.unavailableReason(now.get())).isNull();
    }

    @Test
    void peakEwmaJumpsToASlowerSampleAtOnce() {
        answer("d", 100);
        answer("d", 1000);
        assertThat(state.stats("d").peakEwmaMs(false, now.get())).isCloseTo(1000, within(0.01));
        assertThat(state.stats("d").ewmaLatencyMs()).isCloseTo(280, within(0.01));
    }

    @Test
    void peakEwmaComesDownGraduallyWithFasterSamples() {
        answer("d", 1000);
        for (int i = 0; i < 10; i++) {
            advanceMillis(1000);
            answer("d", 100);
        }
        double cost = state.stats("d").peakEwmaMs(false, now.get());
        assertThat(cost).isLessThan(1000).isGreaterThan(100);
    }

    @Test
    void peakEwmaDecaysWhenNoSamplesArriveSoTheDeploymentIsProbedAgain() {
        answer("d", 1000);
        advanceMillis(30_000);
        assertThat(state.stats("d").peakEwmaMs(false, now.get())).isCloseTo(1000 * Math.exp(-3), within(0.1));
    }

    @Test
    void countsInFlightAttemptsUntilTheyEnd() {
        state.attemptStarted("d", 1);
        state.attemptStarted("d", 1);
        assertThat(state.stats("d").inFlight()).isEqualTo(2);
        state.attemptSucceeded("d", 1, -1, -1);
        state.attemptFailed("d", ErrorKind.SERVER_ERROR, 1, -1);
        assertThat(state.stats("d").inFlight()).isZero();
        assertThat(state.stats("d").errorRate()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void measuresTokensPerSecondAndTimeToFirstTokenOfStreams() {
        state.attemptStarted("d", 1);
        state.attemptSucceeded("d", 3_000_000_000L, 1_000_000_000L, 100);
        assertThat(state.stats("d").ttftMs()).isCloseTo(1000, within(0.01));
        assertThat(state.stats("d").tokensPerSecond()).isCloseTo(50, within(0.01));
        assertThat(state.stats("d").peakEwmaMs(true, now.get())).isCloseTo(1000, within(0.01));
    }

    @Test
    void slidesTheMinuteWindowsOverTime() {
        for (int i = 0; i < 10; i++) {
            state.attemptStarted("d", 100);
        }
        assertThat(state.stats("d").requestsThisMinute(now.get())).isEqualTo(10);
        assertThat(state.stats("d").tokensThisMinute(now.get())).isEqualTo(1000);
        advanceMillis(60_000);
        assertThat(state.stats("d").requestsThisMinute(now.get())).isBetween(1L, 10L);
        advanceMillis(60_000);
        assertThat(state.stats("d").requestsThisMinute(now.get())).isZero();
    }

    @Test
    void coolsDownAfterA429ForRetryAfterOrTheDefault() {
        state.attemptStarted("d", 1);
        state.attemptFailed("d", ErrorKind.RATE_LIMITED, 1, -1);
        assertThat(state.stats("d").unavailableReason(now.get())).startsWith("cooling down after a 429");
        assertThat(state.stats("d").recent429s(now.get())).isEqualTo(1);
        advanceMillis(InMemoryRouterState.DEFAULT_COOLDOWN_MILLIS + 1);
        assertThat(state.stats("d").unavailableReason(now.get())).isNull();
        state.attemptStarted("d", 1);
        state.attemptFailed("d", ErrorKind.RATE_LIMITED, 1, 30_000);
        advanceMillis(29_000);
        assertThat(state.stats("d").unavailableReason(now.get())).isNotNull();
    }

    @Test
    void sumsSpendPerAccount() {
        CompletableFuture.allOf(state.recordSpend("team-a", "m1", 0.25), state.recordSpend("team-a", "m2", 0.5),
                state.recordSpend("team-b", "m1", 1.0)).join();
        // once the futures complete the spend is recorded: no waiting for it to show
        assertThat(state.spend("team-a")).isEqualTo(0.75);
        assertThat(state.spend("team-b")).isEqualTo(1.0);
        assertThat(state.spend("nobody")).isZero();
    }

    @Test
    void spendFromManyThreadsSumsExactly() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<CompletableFuture<Void>>> recorded = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String account = "team-" + (i % 4);
                recorded.add(pool.submit(() -> state.recordSpend(account, "m", 0.125)));
            }
            for (Future<CompletableFuture<Void>> f : recorded) {
                f.get().join();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int a = 0; a < 4; a++) {
            assertThat(state.spend("team-" + a)).isEqualTo(62.5);
        }
    }

    @Test
    void keepsADeploymentOutWhileItsCircuitIsOpen() {
        state.circuitChanged("d", CircuitStatus.OPEN, now.get() + 5_000_000_000L, true);
        assertThat(state.stats("d").circuit()).isEqualTo(CircuitStatus.OPEN);
        assertThat(state.stats("d").unavailableReason(now.get())).startsWith("circuit open");
        advanceMillis(5_001);
        assertThat(state.stats("d").unavailableReason(now.get())).isNull();
        state.circuitChanged("d", CircuitStatus.CLOSED, now.get(), false);
        assertThat(state.stats("d").recoveredAtNanos()).isEqualTo(now.get());
        assertThat(state.stats("d").circuitOpenedByProviderAnswers()).isFalse();
    }

    @Test
    void remembersWhetherTheProvidersOwnAnswersOpenedACircuit() {
        state.circuitChanged("by-answers", CircuitStatus.OPEN, now.get() + 5_000_000_000L, true);
        state.circuitChanged("by-connections", CircuitStatus.OPEN, now.get() + 5_000_000_000L, false);
        assertThat(state.stats("by-answers").circuitOpenedByProviderAnswers()).isTrue();
        assertThat(state.stats("by-connections").circuitOpenedByProviderAnswers()).isFalse();
    }

    @Test
    void attemptsThatEndedForTheGatewaysOwnReasonsLeaveNoFailureBehind() {
        for (ErrorKind kind : List.of(ErrorKind.CANCELLED, ErrorKind.GATEWAY_BUSY, ErrorKind.INTERNAL)) {
            state.attemptStarted("d", 10);
            state.attemptFailed("d", kind, 1_000_000, -1);
        }
        assertThat(state.stats("d").inFlight()).isZero();
        assertThat(state.stats("d").failures()).isZero();
        assertThat(state.stats("d").errorRate()).isZero();
        state.attemptStarted("d", 10);
        state.attemptFailed("d", ErrorKind.SERVER_ERROR, 1_000_000, -1);
        assertThat(state.stats("d").inFlight()).isZero();
        assertThat(state.stats("d").failures()).isEqualTo(1);
    }

    @Test
    void leavesOutADeploymentWhoseCredentialsWereRejectedForAMinute() {
        state.attemptStarted("d", 1);
        state.attemptFailed("d", ErrorKind.AUTHENTICATION, 1, -1);
        assertThat(state.stats("d").unavailableReason(now.get())).startsWith("the provider rejected the credentials");
        advanceMillis(InMemoryRouterState.CREDENTIALS_RECHECK_NANOS / 1_000_000 + 1);
        assertThat(state.stats("d").unavailableReason(now.get())).isNull();
    }

    @Test
    void admitsExactlyTheRpmLimitUnderConcurrency() throws Exception {
        int rpm = 25;
        List<Callable<Boolean>> attempts = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 60; i++) {
            attempts.add(() -> {
                go.await();
                return state.tryAttemptStart("limited", 10, rpm, 0).join();
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Callable<Boolean> a : attempts) {
                results.add(pool.submit(a));
            }
            go.countDown();
            int admitted = 0;
            for (Future<Boolean> f : results) {
                admitted += f.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(rpm);
        } finally {
            pool.shutdownNow();
        }
        assertThat(state.stats("limited").inFlight()).isEqualTo(rpm);
        advanceMillis(120_000);
        assertThat(state.tryAttemptStart("limited", 10, rpm, 0).join()).isTrue();
    }

    @Test
    void refusesAnAttemptThatWouldExceedTheTokensPerMinute() {
        assertThat(state.tryAttemptStart("t", 600, 0, 1000).join()).isTrue();
        assertThat(state.tryAttemptStart("t", 600, 0, 1000).join()).isFalse();
        assertThat(state.tryAttemptStart("t", 400, 0, 1000).join()).isTrue();
    }

    // --- callers' windows and budgets (names are unique per test: a cluster's maps outlive one test) -----------

    private static String unique(String name) {
        return name + ":" + java.util.UUID.randomUUID();
    }

    @Test
    void aCallersRpmAndTpmHoldWithoutCountingAnAttemptInFlight() {
        String key = unique("key");
        assertThat(state.tryAdmit(key, 10, 2, 0).join()).isTrue();
        assertThat(state.tryAdmit(key, 10, 2, 0).join()).isTrue();
        assertThat(state.tryAdmit(key, 10, 2, 0).join()).isFalse();
        String tokens = unique("team");
        assertThat(state.tryAdmit(tokens, 60, 0, 100).join()).isTrue();
        assertThat(state.tryAdmit(tokens, 60, 0, 100).join()).isFalse();
        assertThat(state.tryAdmit(unique("free"), 1_000_000, 0, 0).join()).isTrue();
        assertThat(state.stats(key).inFlight()).isZero();
    }

    @Test
    void aHardBudgetRefusesWhatWouldGoBeyondItCountingReservationsInFlight() {
        String b = unique("budget");
        assertThat(state.reserve(b, 4, 10, 0).join().granted()).isTrue();
        assertThat(state.reserve(b, 4, 10, 0).join().granted()).isTrue();
        BudgetHold refused = state.reserve(b, 4, 10, 0).join();
        assertThat(refused.granted()).isFalse();
        assertThat(refused.heldUsd()).isCloseTo(8, within(1e-9));

        state.settle(b, 4, 1, 0).join(); // one answer cost 1 of its 4
        assertThat(state.reserve(b, 4, 10, 0).join().granted()).isTrue(); // 1 spent + 4 + 4 held
        state.settle(b, 4, 0, 0).join(); // released: nothing answered
        BudgetHold now = state.budget(b);
        assertThat(now.spentUsd()).isCloseTo(1, within(1e-9));
        assertThat(now.heldUsd()).isCloseTo(5, within(1e-9));
    }

    @Test
    void theSeedCountsOnlyWhenTheBudgetIsNew() {
        String b = unique("budget");
        assertThat(state.reserve(b, 3, 10, 8).join().granted()).isFalse(); // 8 already spent per the ledger
        assertThat(state.reserve(b, 2, 10, 8).join().granted()).isTrue();
        assertThat(state.reserve(b, 0, 10, 0).join().spentUsd()).isCloseTo(8, within(1e-9)); // seed ignored now
    }

    @Test
    void aSoftBudgetNeverRefusesButCountsEverything() {
        String b = unique("soft");
        for (int i = 0; i < 5; i++) {
            assertThat(state.reserve(b, 4, -1, 0).join().granted()).isTrue();
        }
        assertThat(state.budget(b).heldUsd()).isCloseTo(20, within(1e-9));
    }

    @Test
    void concurrentReservationsNeverTakeABudgetBeyondItsLimit() throws Exception {
        String b = unique("budget");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> all = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 200; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    return state.reserve(b, 1, 50, 0).join().granted();
                }));
            }
            go.countDown();
            int granted = 0;
            for (Future<Boolean> f : all) {
                granted += f.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(50);
            assertThat(state.budget(b).heldUsd()).isCloseTo(50, within(1e-9));
        } finally {
            pool.shutdownNow();
        }
    }
}
