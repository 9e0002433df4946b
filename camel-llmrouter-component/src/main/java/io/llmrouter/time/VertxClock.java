package io.llmrouter.time;

import io.vertx.core.Vertx;

/** The real clock: the JVM's time, and Vert.x timers, which run on the event loop that set them and hold no thread. */
public final class VertxClock implements Clock {

    private final Vertx vertx;

    public VertxClock(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delayMillis), t -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
