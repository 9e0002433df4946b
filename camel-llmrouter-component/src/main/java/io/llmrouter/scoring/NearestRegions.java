package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.llmrouter.catalog.Deployment;

/**
 * Geo steering: candidates in the nearest region first, then the next region of the declared failover order, and so on;
 * within a region the strategy's order stands (so the latency strategy still picks by measured latency there).
 * Deployments whose provider lists no region of the order go last. The ranking is also the failover order, so a
 * request fails over to the next region only when its own has no healthy candidate left.
 */
final class NearestRegions {

    private NearestRegions() {
    }

    static List<Candidate> first(List<Candidate> ranked, List<String> order) {
        if (order.isEmpty() || ranked.size() < 2) {
            return ranked;
        }
        List<Candidate> out = new ArrayList<>(ranked);
        // a stable sort: the strategy's order within each region
        out.sort(Comparator.comparingInt(c -> distance(c.deployment(), order)));
        return out;
    }

    /** The position of the deployment's nearest region in the order; past the end when it has none of them. */
    static int distance(Deployment d, List<String> order) {
        int best = order.size();
        for (String r : d.provider().regions()) {
            int i = order.indexOf(r);
            if (i >= 0 && i < best) {
                best = i;
            }
        }
        return best;
    }
}
