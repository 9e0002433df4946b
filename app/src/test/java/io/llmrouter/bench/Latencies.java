package io.llmrouter.bench;

import java.util.Arrays;

/** Latencies in nanoseconds with exact percentiles (by sorting); filled from one thread, the client's event loop. */
final class Latencies {

    private long[] values = new long[1 << 16];
    private int size;

    void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int count() {
        return size;
    }

    /** p50, p90, p99 and max in milliseconds (nearest rank); NaN when nothing was recorded. */
    Summary summary() {
        if (size == 0) {
            return new Summary(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return new Summary(rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[size - 1] / 1e6);
    }

    private static double rank(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    record Summary(double p50, double p90, double p99, double max) {
    }
}
