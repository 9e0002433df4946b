package io.llmrouter.provider;

import io.vertx.core.Vertx;

/**
 * Fires once when no {@link #touch()} happened for the given time. One timer at a time, re-armed lazily when it fires,
 * so touching on every stream event costs a field write, not a timer.
 */
public final class Watchdog {

    private final Vertx vertx;
    private final long timeoutNanos;
    private final Runnable onExpire;
    private volatile long lastTouch = System.nanoTime();
    private volatile boolean stopped;
    private long timerId = -1;

    public Watchdog(Vertx vertx, long timeoutMillis, Runnable onExpire) {
        this.vertx = vertx;
        this.timeoutNanos = timeoutMillis * 1_000_000L;
        this.onExpire = onExpire;
        arm(timeoutMillis);
    }

    public void touch() {
        lastTouch = System.nanoTime();
    }

    public void stop() {
        stopped = true;
        synchronized (this) {
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
            }
        }
    }

    private synchronized void arm(long delayMillis) {
        if (!stopped) {
            timerId = vertx.setTimer(Math.max(1, delayMillis), id -> check());
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        long idle = System.nanoTime() - lastTouch;
        if (idle >= timeoutNanos) {
            stopped = true;
            onExpire.run();
        } else {
            arm((timeoutNanos - idle) / 1_000_000L + 1);
        }
    }
}
