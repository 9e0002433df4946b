package io.llmrouter.app.dashboard;

import java.util.Arrays;

/**
 * The last samples of one measure (latency, time to first token), for percentiles of recent traffic in fixed memory:
 * a ring of values with the time each was taken; samples older than the window asked for are left out.
 */
final class Reservoir {

    private final double[] values;
    private final long[] takenAt;
    private int next;
    private int size;

    Reservoir(int capacity) {
        values = new double[capacity];
        takenAt = new long[capacity];
    }

    synchronized void add(double value, long nowNanos) {
        values[next] = value;
        takenAt[next] = nowNanos;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    /** Nearest-rank p50 and p95 of the samples taken in the last {@code windowNanos}; null when there are none. */
    Percentiles percentiles(long nowNanos, long windowNanos) {
        double[] recent = new double[values.length];
        int n = 0;
        synchronized (this) {
            for (int i = 0; i < size; i++) {
                if (nowNanos - takenAt[i] <= windowNanos) {
                    recent[n++] = values[i];
                }
            }
        }
        if (n == 0) {
            return null;
        }
        Arrays.sort(recent, 0, n);
        return new Percentiles(rank(recent, n, 0.50), rank(recent, n, 0.95), n);
    }

    private static double rank(double[] sorted, int n, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * n) - 1)];
    }

    /** @param samples how many samples the percentiles are of */
    record Percentiles(double p50, double p95, int samples) {
    }
}
