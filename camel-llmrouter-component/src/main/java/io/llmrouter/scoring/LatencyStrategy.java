package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.DeploymentStats;
import io.llmrouter.state.RouterState;

/**
 * Power of two choices over peak-EWMA load, as in Finagle's and tower's balancers (Mitzenmacher, "The Power of Two
 * Choices in Randomized Load Balancing"): each candidate's cost is its peak-EWMA latency (time to first token for
 * streamed requests) times (in-flight + 1); two candidates are drawn at random and the cheaper one goes first. Drawing
 * two rather than taking the global minimum keeps close candidates sharing traffic instead of herding onto one, the
 * in-flight factor spreads load off a deployment that saturates, and the peak EWMA jumps at once when a deployment
 * slows down. Deployments not measured yet cost the mean of the measured ones (all equal on a cold start). The rest
 * of the ranking, for failover, is by cost.
 */
public final class LatencyStrategy extends NamedStrategy {

    public static final String NAME = "latency";
    private static final String[] COMPONENTS = { "peak_ewma_ms", "in_flight", "cost" };

    private final Random random;

    public LatencyStrategy(Random random) {
        super(NAME);
        this.random = random;
    }

    @Override
    public List<Candidate> rank(RequestProfile profile, List<Deployment> admissible, RouterState state) {
        int n = admissible.size();
        long now = state.nanoTime();
        double[] latency = latencies(profile.streamed(), admissible, state, now);
        List<Candidate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Deployment d = admissible.get(i);
            int inFlight = state.stats(d.id()).inFlight();
            double cost = latency[i] * (inFlight + 1);
            out.add(Candidate.of(d, cost, COMPONENTS, latency[i], inFlight, cost));
        }
        if (n == 1) {
            return out;
        }
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        Candidate ca = out.get(a);
        Candidate cb = out.get(b);
        Candidate winner = ca.score() < cb.score() || ca.score() == cb.score() && random.nextBoolean() ? ca : cb;
        out.remove(winner);
        ByScore.sort(out, true);
        out.add(0, winner);
        return out;
    }

    /** Observed peak-EWMA latencies, with unmeasured deployments at the mean of the measured ones (or 1 ms). */
    static double[] latencies(boolean streamed, List<Deployment> ds, RouterState state, long now) {
        double[] out = new double[ds.size()];
        double sum = 0;
        int known = 0;
        for (int i = 0; i < out.length; i++) {
            DeploymentStats s = state.stats(ds.get(i).id());
            out[i] = s.peakEwmaMs(streamed, now);
            if (out[i] > 0) {
                sum += out[i];
                known++;
            }
        }
        double prior = known == 0 ? 1 : sum / known;
        for (int i = 0; i < out.length; i++) {
            if (out[i] <= 0) {
                out[i] = prior;
            }
        }
        return out;
    }
}
