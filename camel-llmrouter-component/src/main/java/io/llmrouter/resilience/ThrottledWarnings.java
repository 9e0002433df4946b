package io.llmrouter.resilience;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;

/**
 * WARN lines that repeat per request (failovers during an outage) at most once per interval and key, each saying how
 * many were left out since the last one: the first occurrence is always seen, and the log stays readable under load.
 */
final class ThrottledWarnings {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    ThrottledWarnings(Logger log, long intervalNanos, LongSupplier clock) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    /** Logs the message unless one for the same key was logged within the interval; then only counts it. */
    void warn(String key, Supplier<String> message) {
        if (!log.isWarnEnabled()) {
            return;
        }
        Window w = windows.computeIfAbsent(key, k -> new Window());
        long now = clock.getAsLong();
        long last = w.lastLogged.get();
        if (last != Long.MIN_VALUE && now - last < intervalNanos || !w.lastLogged.compareAndSet(last, now)) {
            w.suppressed.incrementAndGet();
            return;
        }
        long left = w.suppressed.getAndSet(0);
        log.warn(left == 0 ? message.get() : message.get() + " (and " + left + " more like it since the last line)");
    }

    private static final class Window {
        final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong suppressed = new AtomicLong();
    }
}
