package io.llmrouter.learned;

import java.util.Arrays;

/**
 * RouteLLM's cost–quality evaluation of a router that calls the strong model when its score w(q) ≥ α
 * ({@code routellm/evals/evaluate.py}): α sweeps the 10 lower deciles of w plus "above the maximum", giving 11 points
 * (share of strong calls, mean score of the mix); PGR is the share of the weak-to-strong gap recovered. APGR is the
 * trapezoid area under PGR over the share of strong calls (a random router scores 0.5); CPT(x) the least share of
 * strong calls whose PGR reaches x, interpolated linearly.
 *
 * @param apgr  average performance gap recovered
 * @param cpt50 share of strong calls (0..1) needed for PGR 0.5, NaN when never reached
 * @param cpt80 the same for PGR 0.8
 */
public record RoutingCurve(double apgr, double cpt50, double cpt80) {

    public static RoutingCurve of(double[] w, double[] strong, double[] weak) {
        int n = w.length;
        if (n == 0 || strong.length != n || weak.length != n) {
            throw new IllegalArgumentException("Need as many scores as prompts, and at least one");
        }
        double[] sorted = w.clone();
        Arrays.sort(sorted);
        double[] share = new double[11];
        double[] mean = new double[11];
        for (int p = 0; p < 11; p++) {
            boolean above = p == 10;
            double alpha = above ? sorted[n - 1] : quantile(sorted, p / 10.0);
            int calls = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                boolean toStrong = above ? w[i] > alpha : w[i] >= alpha;
                calls += toStrong ? 1 : 0;
                total += toStrong ? strong[i] : weak[i];
            }
            share[p] = calls / (double) n;
            mean[p] = total / n;
        }
        double rWeak = Arrays.stream(weak).average().orElseThrow();
        double rStrong = Arrays.stream(strong).average().orElseThrow();
        // ascending share of strong calls: the sweep produced them descending
        double[] c = new double[11];
        double[] pgr = new double[11];
        for (int p = 0; p < 11; p++) {
            c[p] = share[10 - p];
            pgr[p] = (mean[10 - p] - rWeak) / (rStrong - rWeak);
        }
        double area = 0;
        for (int p = 1; p < 11; p++) {
            area += (c[p] - c[p - 1]) * (pgr[p] + pgr[p - 1]) / 2;
        }
        return new RoutingCurve(area, cpt(c, pgr, 0.5), cpt(c, pgr, 0.8));
    }

    /** numpy's default (linear) quantile of sorted values. */
    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double cpt(double[] c, double[] pgr, double x) {
        if (pgr[0] >= x) {
            return c[0];
        }
        for (int p = 1; p < c.length; p++) {
            if (pgr[p] >= x) {
                return c[p - 1] + (x - pgr[p - 1]) * (c[p] - c[p - 1]) / (pgr[p] - pgr[p - 1]);
            }
        }
        return Double.NaN;
    }
}
