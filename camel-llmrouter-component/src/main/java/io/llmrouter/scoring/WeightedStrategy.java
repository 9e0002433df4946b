package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;
import io.llmrouter.steering.Rendezvous;
import io.llmrouter.steering.Subject;

/**
 * Static weights from the catalog ({@code weight}), for canaries and A/B splits: smooth weighted round-robin (nginx's
 * algorithm), so a 90/10 split is exactly 9 to 1 over every ten requests and never sends a burst to the small side.
 * The rest of the ranking, for failover, is by weight. A request with a {@link Subject} (a user, a session, a key) is
 * assigned by weighted rendezvous hashing instead, so the subject stays on its arm across requests and nodes, and
 * changing a weight moves only the share of subjects it must.
 */
public final class WeightedStrategy extends NamedStrategy {

    public static final String NAME = "weighted";
    private static final String[] COMPONENTS = { "weight" };

    private final Map<Long, double[]> current = new ConcurrentHashMap<>();

    public WeightedStrategy() {
        super(NAME);
    }

    @Override
    public List<Candidate> rank(RequestProfile profile, List<Deployment> admissible, RouterState state) {
        int n = admissible.size();
        Subject subject = profile.steering().subject();
        int chosen = subject == null ? -1
                : Rendezvous.pick(subject.value(), admissible, Deployment::id, d -> d.model().weight());
        if (chosen < 0) {
            chosen = smoothRoundRobin(admissible);
        }
        List<Candidate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Deployment d = admissible.get(i);
            out.add(Candidate.of(d, d.model().weight(), COMPONENTS, d.model().weight()));
        }
        Candidate first = out.remove(chosen);
        ByScore.sort(out, false);
        out.add(0, first);
        return out;
    }

    private int smoothRoundRobin(List<Deployment> admissible) {
        int n = admissible.size();
        if (current.size() > RoundRobinStrategy.MAX_SETS) {
            current.clear();
        }
        double[] cw = current.computeIfAbsent(RoundRobinStrategy.key(admissible), k -> new double[n]);
        int chosen;
        synchronized (cw) {
            double total = 0;
            chosen = 0;
            for (int i = 0; i < n; i++) {
                double w = admissible.get(i).model().weight();
                cw[i] += w;
                total += w;
                if (cw[i] > cw[chosen]) {
                    chosen = i;
                }
            }
            cw[chosen] -= total;
        }
        return chosen;
    }
}
