package io.llmrouter.provider;

import io.llmrouter.time.Clock;

/**
 * Fires once when no {@link #touch()} happened for the given time. One timer at a time, re-armed lazily when it fires,
 * so touching on every stream event costs a field write, not a timer.
 */
public final class Watchdog {

    private final Clock clock;
    private final long timeoutNanos;
    private final Runnable onExpire;
    private volatile long lastTouch;
    private volatile boolean stopped;
    private Clock.Timer timer;

    public Watchdog(Clock clock, long timeoutMillis, Runnable onExpire) {
        this.clock = clock;
        this.timeoutNanos = timeoutMillis * 1_000_000L;
        this.onExpire = onExpire;
        this.lastTouch = clock.nanoTime();
        arm(timeoutMillis);
    }

    public void touch() {
        lastTouch = clock.nanoTime();
    }

    public void stop() {
        stopped = true;
        synchronized (this) {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    private synchronized void arm(long delayMillis) {
        if (!stopped) {
            timer = clock.schedule(delayMillis, this::check);
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        long idle = clock.nanoTime() - lastTouch;
        if (idle >= timeoutNanos) {
            stopped = true;
            onExpire.run();
        } else {
            arm((timeoutNanos - idle) / 1_000_000L + 1);
        }
    }
}
