package io.llmrouter.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.scoring.LearnedStrategy;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.scoring.Ranker;
import io.llmrouter.scoring.RequestProfile;
import io.llmrouter.scoring.Strategies;
import io.llmrouter.scoring.Strategy;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.InMemoryRouterState;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.time.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * A deployment's breaker through its whole life in virtual time: it opens on the window's failure or slow-call rate,
 * keeps traffic away for the open period, lets a few probes through, closes or opens again on their verdict, and after
 * closing the deployment regains its traffic gradually. Here the window is 4 calls, half of them failing opens it, the
 * open period is 10 s, 2 probes, slow start over 20 s.
 */
class BreakersTest {

    private static final BreakerSettings SETTINGS = new BreakerSettings(50, 50, Duration.ofSeconds(1), 4, 4,
            Duration.ofSeconds(10), 2, Duration.ofSeconds(20));
    private static final long MS = 1_000_000L;

    private final VirtualClock clock = new VirtualClock();
    private final InMemoryRouterState state = new InMemoryRouterState(clock::nanoTime);
    private final Breakers breakers = new Breakers(SETTINGS, state, clock);

    private void succeed(String d, long millis) {
        assertThat(breakers.tryAcquire(d)).isTrue();
        breakers.onSuccess(d, millis * MS);
    }

    private void fail(String d, ErrorKind kind) {
        assertThat(breakers.tryAcquire(d)).isTrue();
        breakers.onFailure(d, kind, 10 * MS);
    }

    /** Opens the breaker; it lets probes through once more than its open period has passed. */
    private void open(String d) {
        succeed(d, 10);
        succeed(d, 10);
        fail(d, ErrorKind.SERVER_ERROR);
        fail(d, ErrorKind.SERVER_ERROR);
        assertThat(breakers.status(d)).isEqualTo(CircuitStatus.OPEN);
    }

    @Test
    void opensWhenHalfOfAFullWindowFailedAndNotBefore() {
        succeed("a", 10);
        succeed("a", 10);
        fail("a", ErrorKind.SERVER_ERROR);
        assertThat(breakers.status("a")).as("3 calls, fewer than the minimum").isEqualTo(CircuitStatus.CLOSED);

        fail("a", ErrorKind.OVERLOADED);

        assertThat(breakers.status("a")).isEqualTo(CircuitStatus.OPEN);
        assertThat(state.stats("a").circuit()).isEqualTo(CircuitStatus.OPEN);
        assertThat(state.stats("a").circuitOpenedByProviderAnswers()).isTrue();
        assertThat(state.stats("a").unavailableReason(clock.nanoTime())).isEqualTo("circuit open for another 10001 ms");
    }

    @Test
    void opensWhenHalfOfAFullWindowWasSlowerThanTheSlowCallThreshold() {
        succeed("a", 10);
        succeed("a", 10);
        succeed("a", 1_500);
        succeed("a", 2_000);
        assertThat(breakers.status("a")).isEqualTo(CircuitStatus.OPEN);
    }

    @Test
    void theCallersErrorsRateLimitsAndTheGatewaysOwnFailuresNeverOpenIt() {
        for (ErrorKind kind : List.of(ErrorKind.RATE_LIMITED, ErrorKind.CANCELLED, ErrorKind.GATEWAY_BUSY,
                ErrorKind.DEADLINE_EXCEEDED, ErrorKind.UPSTREAM_BAD_REQUEST)) {
            fail("a", kind);
            fail("a", kind);
        }
        assertThat(breakers.status("a")).isEqualTo(CircuitStatus.CLOSED);
    }

    @Test
    void refusesEveryCallForTheOpenPeriodThenLetsTheProbesThrough() {
        open("a");

        clock.advance(Duration.ofMillis(10_000));
        assertThat(breakers.tryAcquire("a")).as("open for the whole period").isFalse();
        clock.advance(Duration.ofMillis(1));

        assertThat(breakers.tryAcquire("a")).as("first probe").isTrue();
        assertThat(breakers.status("a")).isEqualTo(CircuitStatus.HALF_OPEN);
        assertThat(state.stats("a").circuit()).isEqualTo(CircuitStatus.HALF_OPEN);
        assertThat(breakers.tryAcquire("a")).as("second probe").isTrue();
        assertThat(breakers.tryAcquire("a")).as("no third until the probes answer").isFalse();
    }

    @Test
    void closesWhenTheProbesAnswer() {
        open("a");
        clock.advance(Duration.ofMillis(10_001));

        succeed("a", 10);
        succeed("a", 10);

        assertThat(breakers.status("a")).isEqualTo(CircuitStatus.CLOSED);
        assertThat(state.stats("a").circuit()).isEqualTo(CircuitStatus.CLOSED);
        assertThat(state.stats("a").recoveredAtNanos()).isEqualTo(clock.nanoTime());
    }

    @Test
    void opensAgainForAnotherFullPeriodWhenAProbeFails() {
        open("a");
        clock.advance(Duration.ofMillis(10_001));

        succeed("a", 10);
        fail("a", ErrorKind.SERVER_ERROR);

        assertThat(breakers.status("a")).isEqualTo(CircuitStatus.OPEN);
        clock.advance(Duration.ofMillis(10_000));
        assertThat(breakers.tryAcquire("a")).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breakers.tryAcquire("a")).isTrue();
    }

    @Test
    void aRecoveredDeploymentRegainsItsRankGraduallyOverTheSlowStartTime() {
        Deployment first = FakeCatalog.openAi(FakeCatalog.openAiProvider("http://127.0.0.1:1/v1"), "a", "a");
        Deployment second = FakeCatalog.openAi(FakeCatalog.openAiProvider("http://127.0.0.1:1/v1"), "b", "b");
        Ranker ranker = new Ranker(state, new Random(5), SETTINGS.slowStart().toNanos());
        Strategy ordered = new Strategies(new Random(5), new LearnedStrategy((io.llmrouter.catalog.LearnedSettings) null), n -> null).find("ordered");
        ChatRequest hi = new ChatRequest();
        hi.messages = List.of(ChatMessage.of("user", "hi"));
        RequestProfile profile = RequestProfile.of(hi, Preferences.NONE);
        open("a");
        clock.advance(Duration.ofMillis(10_001));
        succeed("a", 10);
        succeed("a", 10);

        double[] firstShare = new double[4];
        for (int step = 0; step < 4; step++) {
            int firsts = 0;
            for (int i = 0; i < 1_000; i++) {
                firsts += ranker.rank(profile, List.of(first, second), ordered).ranked().get(0) == first ? 1 : 0;
            }
            firstShare[step] = firsts / 1_000.0;
            clock.advance(Duration.ofSeconds(7));
        }

        assertThat(firstShare[0]).as("at once").isBetween(0.05, 0.15);
        assertThat(firstShare[1]).as("after 7 s of 20").isBetween(0.28, 0.42);
        assertThat(firstShare[2]).as("after 14 s of 20").isBetween(0.62, 0.78);
        assertThat(firstShare[3]).as("after 21 s: done").isEqualTo(1.0);
    }

    @Test
    void byDefaultAHalfOpenBreakerLetsOneProbeThroughAtATime() {
        Breakers defaults = new Breakers(BreakerSettings.DEFAULT, state, clock);
        for (int i = 0; i < 10; i++) {
            assertThat(defaults.tryAcquire("d")).isTrue();
            defaults.onFailure("d", ErrorKind.SERVER_ERROR, 10 * MS);
        }
        assertThat(defaults.status("d")).isEqualTo(CircuitStatus.OPEN);
        clock.advance(BreakerSettings.DEFAULT.openFor().plusMillis(1));

        assertThat(defaults.tryAcquire("d")).as("the probe").isTrue();
        assertThat(defaults.tryAcquire("d")).as("no second request while the probe is out").isFalse();
        defaults.onSuccess("d", 10 * MS);
        assertThat(defaults.status("d")).isEqualTo(CircuitStatus.CLOSED);
    }
}
