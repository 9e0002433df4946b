package io.llmrouter.scoring;

import java.util.List;

/**
 * Orders candidates by score, stably, with unknown (NaN) scores last. A merge sort over an index array reads each
 * score once into a primitive array: ranking 50 candidates is on every request's path, and a comparator over the
 * records costs several times more.
 */
final class ByScore {

    private ByScore() {
    }

    /** Sorts in place, best first: lowest first when {@code lowerIsBetter}, else highest first. */
    static void sort(List<Candidate> candidates, boolean lowerIsBetter) {
        int n = candidates.size();
        if (n < 2) {
            return;
        }
        double[] key = new double[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            double s = candidates.get(i).score();
            key[i] = Double.isNaN(s) ? Double.POSITIVE_INFINITY : lowerIsBetter ? s : -s;
            order[i] = i;
        }
        mergeSort(order, new int[n], key, 0, n);
        Candidate[] sorted = new Candidate[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = candidates.get(order[i]);
        }
        for (int i = 0; i < n; i++) {
            candidates.set(i, sorted[i]);
        }
    }

    private static void mergeSort(int[] a, int[] tmp, double[] key, int from, int to) {
        if (to - from <= 8) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && key[a[j]] > key[v]) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, key, from, mid);
        mergeSort(a, tmp, key, mid, to);
        if (key[a[mid - 1]] <= key[a[mid]]) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            a[k] = j >= to || i < mid && key[tmp[i]] <= key[tmp[j]] ? tmp[i++] : tmp[j++];
        }
    }
}
