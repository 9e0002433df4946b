package io.llmrouter.app.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Errors counted by kind over the last few minutes, in one bucket per minute. The kinds are names the gateway makes
 * (an ErrorKind, a refusal's code), never a caller's text; past {@link #MAX_KINDS} they count as "OTHER".
 */
final class KindCounts {

    static final int MAX_KINDS = 40;
    private static final String OTHER = "OTHER";

    private final long[] minute;
    private final Map<String, int[]> counts = new LinkedHashMap<>();

    /** @param minutes how far back the counts go */
    KindCounts(int minutes) {
        minute = new long[minutes];
        java.util.Arrays.fill(minute, -1);
    }

    synchronized void add(String kind, long nowMinute) {
        int i = (int) (nowMinute % minute.length);
        if (minute[i] != nowMinute) {
            minute[i] = nowMinute;
            counts.values().forEach(c -> c[i] = 0);
        }
        int[] c = counts.get(kind);
        if (c == null) {
            c = counts.computeIfAbsent(counts.size() < MAX_KINDS ? kind : OTHER, k -> new int[minute.length]);
        }
        c[i]++;
    }

    /** Each kind seen in the window ending now, with its count, by name. */
    synchronized Map<String, Integer> recent(long nowMinute) {
        Map<String, Integer> out = new TreeMap<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int sum = 0;
            for (int i = 0; i < minute.length; i++) {
                if (minute[i] > nowMinute - minute.length) {
                    sum += e.getValue()[i];
                }
            }
            if (sum > 0) {
                out.put(e.getKey(), sum);
            }
        }
        return out;
    }
}
