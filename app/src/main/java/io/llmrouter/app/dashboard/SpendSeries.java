package io.llmrouter.app.dashboard;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spend per minute over the last hour by model, virtual key and team, for the dashboard's live chart (the ledger holds
 * the long history). Each dimension keeps at most {@link #MAX_LABELS} labels; a label with no spend left in the window
 * gives its place up, and past the limit new ones add to "(other)".
 */
final class SpendSeries {

    static final int MINUTES = 60;
    static final int MAX_LABELS = 20;
    static final String OTHER = "(other)";
    static final String NONE = "(none)";

    private final long[] minute = new long[MINUTES];
    private long rolled = -1;
    private final Map<String, Map<String, double[]>> dimensions = new LinkedHashMap<>();

    SpendSeries() {
        java.util.Arrays.fill(minute, -1);
        for (String d : List.of("model", "key", "team")) {
            dimensions.put(d, new LinkedHashMap<>());
        }
    }

    synchronized void add(long nowMinute, String model, String key, String team, double usd) {
        int i = roll(nowMinute);
        add(dimensions.get("model"), model, i, usd);
        add(dimensions.get("key"), key, i, usd);
        add(dimensions.get("team"), team, i, usd);
    }

    /**
     * The last hour, oldest minute first: {@code minutes} (each minute's start, epoch seconds) and, per dimension, each
     * label's spend in each minute.
     */
    synchronized Map<String, Object> snapshot(long nowMinute) {
        roll(nowMinute);
        List<Long> starts = new ArrayList<>(MINUTES);
        for (int k = 0; k < MINUTES; k++) {
            starts.add((nowMinute - MINUTES + 1 + k) * 60);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("minutes", starts);
        dimensions.forEach((name, labels) -> {
            Map<String, double[]> series = new LinkedHashMap<>();
            labels.forEach((label, values) -> {
                double[] ordered = new double[MINUTES];
                for (int k = 0; k < MINUTES; k++) {
                    ordered[k] = values[(int) ((nowMinute - MINUTES + 1 + k) % MINUTES)];
                }
                series.put(label, ordered);
            });
            out.put(name, series);
        });
        return out;
    }

    /** The bucket of this minute, emptied when it last held an older minute. */
    private int roll(long nowMinute) {
        if (nowMinute == rolled) {
            return (int) (nowMinute % MINUTES);
        }
        rolled = nowMinute;
        // buckets of minutes that went by without spend are stale too
        for (int k = 0; k < MINUTES; k++) {
            long m = nowMinute - k;
            int i = (int) (m % MINUTES);
            if (minute[i] != m && minute[i] < m) {
                minute[i] = m;
                for (Map<String, double[]> labels : dimensions.values()) {
                    labels.values().forEach(v -> v[i] = 0);
                }
            }
        }
        return (int) (nowMinute % MINUTES);
    }

    private static void add(Map<String, double[]> labels, String label, int i, double usd) {
        String name = label == null ? NONE : label;
        double[] values = labels.get(name);
        if (values == null) {
            if (labels.size() >= MAX_LABELS) {
                dropIdle(labels);
            }
            values = labels.computeIfAbsent(labels.size() < MAX_LABELS ? name : OTHER, k -> new double[MINUTES]);
        }
        values[i] += usd;
    }

    private static void dropIdle(Map<String, double[]> labels) {
        for (Iterator<Map.Entry<String, double[]>> it = labels.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, double[]> e = it.next();
            if (!e.getKey().equals(OTHER) && java.util.Arrays.stream(e.getValue()).allMatch(v -> v == 0)) {
                it.remove();
            }
        }
    }
}
