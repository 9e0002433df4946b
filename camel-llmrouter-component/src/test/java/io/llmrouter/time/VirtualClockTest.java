package io.llmrouter.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/** The virtual clock runs what falls due in order, on the context that scheduled it, and nothing early. */
class VirtualClockTest {

    private final VirtualClock clock = new VirtualClock();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void runsDueTasksInTheOrderOfTheirDueTimesEachAtItsOwnTime() {
        long start = clock.nanoTime();
        clock.schedule(30, () -> ran.add("c at " + (clock.nanoTime() - start) / 1_000_000));
        clock.schedule(10, () -> ran.add("a at " + (clock.nanoTime() - start) / 1_000_000));
        clock.schedule(10, () -> ran.add("b at " + (clock.nanoTime() - start) / 1_000_000));
        clock.schedule(31, () -> ran.add("d"));

        clock.advance(Duration.ofMillis(30));

        assertThat(ran).containsExactly("a at 10", "b at 10", "c at 30");
        assertThat(clock.nanoTime() - start).isEqualTo(30_000_000L);
        assertThat(clock.pending()).isEqualTo(1);
    }

    @Test
    void runsWhatATaskSchedulesWithinTheSameAdvance() {
        clock.schedule(5, () -> clock.schedule(5, () -> ran.add("second")));
        clock.advance(Duration.ofMillis(9));
        assertThat(ran).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("second");
    }

    @Test
    void aCancelledTaskNeverRuns() {
        Clock.Timer timer = clock.schedule(5, () -> ran.add("cancelled"));
        timer.cancel();
        clock.advance(Duration.ofSeconds(1));
        assertThat(ran).isEmpty();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void waitsAtLeastOneMillisecondAsAVertxTimerDoes() {
        clock.schedule(0, () -> ran.add("now"));
        clock.advance(Duration.ZERO);
        assertThat(ran).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("now");
    }

    @Test
    void theWallClockAndItsJavaViewMoveWithIt() {
        long millis = clock.millis();
        java.time.Clock java = clock.asJavaClock();
        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.millis() - millis).isEqualTo(90_000);
        assertThat(java.millis()).isEqualTo(clock.millis());
        assertThat(java.instant().toEpochMilli()).isEqualTo(clock.millis());
    }

    @Test
    void neverMovesBackwards() {
        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsATaskOnTheVertxContextThatScheduledItAndWaitsForIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            CompletableFuture<Void> scheduled = new CompletableFuture<>();
            context.runOnContext(v -> {
                clock.schedule(10, () -> ran.add(Vertx.currentContext() == context ? "on its context" : "elsewhere"));
                scheduled.complete(null);
            });
            scheduled.get(5, TimeUnit.SECONDS);

            clock.advance(Duration.ofMillis(10));

            assertThat(ran).containsExactly("on its context");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
