package io.llmrouter.state;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts in the current and previous minute; the last-minute figure weighs the previous minute by how much of it
 * still overlaps the sliding window, the approximation nginx and Cloudflare use for rate limits.
 */
public final class MinuteWindow {

    static final long MINUTE_NANOS = 60_000_000_000L;

    private final long origin;
    private final AtomicLong window = new AtomicLong();
    private final AtomicLong current = new AtomicLong();
    private final AtomicLong previous = new AtomicLong();

    MinuteWindow(long origin) {
        this.origin = origin;
    }

    void add(long now, long n) {
        roll(Math.floorDiv(now - origin, MINUTE_NANOS));
        current.addAndGet(n);
    }

    long lastMinute(long now) {
        long elapsed = now - origin;
        long w = Math.floorDiv(elapsed, MINUTE_NANOS);
        roll(w);
        return slidingCount(current.get(), previous.get(), elapsed - w * MINUTE_NANOS, MINUTE_NANOS);
    }

    private void roll(long w) {
        long seen = window.get();
        if (w > seen && window.compareAndSet(seen, w)) {
            long cur = current.getAndSet(0);
            previous.set(w == seen + 1 ? cur : 0);
        }
    }

    /**
     * The last-minute count from the current and previous fixed windows: the previous one weighs by how much of it
     * still overlaps the sliding window. Shared with the cluster-wide rate windows, which count in wall-clock millis.
     */
    public static long slidingCount(long current, long previous, long intoWindow, long windowLength) {
        double overlap = 1.0 - (double) intoWindow / windowLength;
        return current + Math.round(previous * overlap);
    }
}
