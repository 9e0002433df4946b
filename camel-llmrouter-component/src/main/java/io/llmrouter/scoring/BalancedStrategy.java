package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.List;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/**
 * A weighted utility over cost, latency and quality, each normalised to 0..1 across the admissible candidates
 * (min-max; the best gets 1): utility = w_cost * (1 - cost) + w_latency * (1 - latency) + w_quality * quality. Unknown
 * prices count as the most expensive, unknown quality as 0, unmeasured latency as the mean of the measured. Weights
 * come from the request ({@code x-llmrouter-weights}), else the endpoint, else {@link Weights#DEFAULT}.
 */
public final class BalancedStrategy extends NamedStrategy {

    public static final String NAME = "balanced";
    private static final String[] COMPONENTS = { "utility", "cost_norm", "latency_norm", "quality_norm",
        "expected_cost_usd", "peak_ewma_ms" };

    public BalancedStrategy() {
        super(NAME);
    }

    @Override
    public List<Candidate> rank(RequestProfile profile, List<Deployment> admissible, RouterState state) {
        int n = admissible.size();
        Weights w = profile.preferences().weights() != null ? profile.preferences().weights() : Weights.DEFAULT;
        double[] cost = new double[n];
        double[] quality = new double[n];
        double[] latency = LatencyStrategy.latencies(profile.streamed(), admissible, state, state.nanoTime());
        for (int i = 0; i < n; i++) {
            Deployment d = admissible.get(i);
            cost[i] = profile.expectedCost(d);
            Double q = d.model().quality(profile.preferences().task());
            quality[i] = q == null ? 0 : q;
        }
        double[] nc = normalise(cost, true);
        double[] nl = normalise(latency, false);
        double[] nq = normalise(quality, false);
        List<Candidate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double utility = w.cost() * (1 - nc[i]) + w.latency() * (1 - nl[i]) + w.quality() * nq[i];
            out.add(Candidate.of(admissible.get(i), utility, COMPONENTS, utility, nc[i], nl[i], nq[i],
                    Double.isNaN(cost[i]) ? -1 : cost[i], latency[i]));
        }
        ByScore.sort(out, false);
        return out;
    }

    /** Min-max to 0..1; all-equal values give 0; NaN gives 1 when {@code nanIsWorst} (a cost), else 0. */
    static double[] normalise(double[] v, boolean nanIsWorst) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                out[i] = nanIsWorst ? 1 : 0;
            } else {
                out[i] = max > min ? (v[i] - min) / (max - min) : 0;
            }
        }
        return out;
    }
}
