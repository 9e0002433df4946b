package io.llmrouter.time;

/**
 * The router's one source of time: a monotonic clock for durations and deadlines, the wall clock for what crosses
 * processes, and timers. Everything that waits or measures (backoff, hedging, deadlines, breakers, first-token and
 * stall watchdogs, statistics) asks this instead of {@link System#nanoTime()} or {@code vertx.setTimer}, so tests run
 * it in virtual time ({@link VirtualClock}) instead of sleeping. In production it is the {@link VertxClock}.
 */
public interface Clock {

    /** Monotonic nanoseconds with an arbitrary origin, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
    long millis();

    /**
     * Runs the task once, after at least {@code delayMillis} (1 ms at the least), on the Vert.x context that scheduled
     * it, as {@code vertx.setTimer} does.
     */
    Timer schedule(long delayMillis, Runnable task);

    /** This clock as a {@link java.time.Clock}, for libraries that take one (Resilience4j). */
    default java.time.Clock asJavaClock() {
        return new JavaClockView(this);
    }

    /** A scheduled task that has not run yet. */
    @FunctionalInterface
    interface Timer {

        /** Keeps the task from running; no effect once it ran. */
        void cancel();
    }
}
