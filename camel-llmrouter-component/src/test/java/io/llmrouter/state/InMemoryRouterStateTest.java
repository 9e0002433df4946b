package io.llmrouter.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;

import io.llmrouter.api.ErrorKind;
import org.junit.jupiter.api.Test;

/** Live statistics follow their documented rules in virtual time: peak EWMA, averages, windows, cooldowns. */
class InMemoryRouterStateTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000_000L);
    private final InMemoryRouterState state = new InMemoryRouterState(now::get);

    private void answer(String d, long ms) {
        state.attemptStarted(d, 10);
        state.attemptSucceeded(d, ms * 1_000_000L, -1, 100);
    }

    private void advanceMillis(long ms) {
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
    void sumsSpendPerAccountAndModel() {
        state.recordSpend("team-a", "m1", 0.25);
        state.recordSpend("team-a", "m2", 0.5);
        state.recordSpend("team-b", "m1", 1.0);
        assertThat(state.spend("team-a")).isEqualTo(0.75);
        assertThat(state.spendOnModel("m1")).isEqualTo(1.25);
    }
}
