package io.llmrouter.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A clock that moves only when told: {@link #advance} runs the tasks that fall due, in the order of their due times
 * (in the order they were scheduled when due together), each seeing the clock at its own due time. A task scheduled
 * from a Vert.x context runs there, as it would on a real timer, and {@code advance} waits for it; any other runs on
 * the advancing thread. Tasks that a task schedules within the advanced span run in the same call. For tests of
 * anything timed: breakers, backoff, hedging, deadlines, watchdogs, statistics, without waiting.
 */
public final class VirtualClock implements Clock {

    /** A positive origin far from zero, as real nano clocks have, so that "never" sentinels stay apart from now. */
    private static final long ORIGIN_NANOS = 1_000_000_000_000L;
    private static final long ORIGIN_MILLIS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparingLong(Task::at).thenComparingLong(Task::order));
    private long now = ORIGIN_NANOS;
    private long scheduled;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public long millis() {
        return ORIGIN_MILLIS + (nanoTime() - ORIGIN_NANOS) / 1_000_000L;
    }

    @Override
    public synchronized Timer schedule(long delayMillis, Runnable task) {
        Task t = new Task(now + Math.max(1, delayMillis) * 1_000_000L, scheduled++, task, Vertx.currentContext());
        queue.add(t);
        return () -> cancel(t);
    }

    /** Moves the clock forward by {@code by}, running every task that falls due on the way. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward, not by " + by);
        }
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at() > target) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.at();
            }
            run(next);
        }
    }

    /** Tasks scheduled and neither run nor cancelled yet. */
    public synchronized int pending() {
        return queue.size();
    }

    private synchronized void cancel(Task t) {
        queue.remove(t);
    }

    private static void run(Task t) {
        if (t.context() == null || t.context() == Vertx.currentContext()) {
            t.task().run();
            return;
        }
        CompletableFuture<Void> ran = new CompletableFuture<>();
        t.context().runOnContext(v -> {
            try {
                t.task().run();
                ran.complete(null);
            } catch (RuntimeException | Error e) {
                ran.completeExceptionally(e);
            }
        });
        ran.join();
    }

    private record Task(long at, long order, Runnable task, Context context) {
    }
}
