package io.llmrouter.app.dashboard;

/** Events counted per second over the last few minutes, in a ring of one counter per second. */
final class SecondCounts {

    private final long[] second;
    private final int[] count;

    /** @param seconds how far back the counts go */
    SecondCounts(int seconds) {
        second = new long[seconds];
        count = new int[seconds];
        java.util.Arrays.fill(second, -1);
    }

    synchronized void add(long nowSecond) {
        int i = (int) (nowSecond % second.length);
        if (second[i] != nowSecond) {
            second[i] = nowSecond;
            count[i] = 0;
        }
        count[i]++;
    }

    /** The counts of the {@code n} seconds before the current one, oldest first (the current one is not over yet). */
    synchronized int[] last(long nowSecond, int n) {
        int[] out = new int[Math.min(n, second.length - 1)];
        for (int k = 0; k < out.length; k++) {
            long s = nowSecond - out.length + k;
            int i = (int) (s % second.length);
            out[k] = second[i] == s ? count[i] : 0;
        }
        return out;
    }

    /** Events per second over the {@code n} whole seconds before now. */
    double perSecond(long nowSecond, int n) {
        int[] counts = last(nowSecond, n);
        long sum = 0;
        for (int c : counts) {
            sum += c;
        }
        return counts.length == 0 ? 0 : (double) sum / counts.length;
    }
}
