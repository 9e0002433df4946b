package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.steering.Rendezvous;

/**
 * Prompt-cache affinity: requests sharing a long prompt prefix go to the same deployment, whose provider then serves
 * the prefix from its cache. Among the deployments equivalent to the strategy's first choice (the same upstream model,
 * in the same region), the one the prefix's digest picks by rendezvous hashing goes first. Only healthy deployments are
 * ranked at all, so when the preferred one is down the prefix moves to another, and back when it recovers; the strategy
 * still chooses the model, affinity only which of its deployments.
 */
final class CacheAffinity {

    private CacheAffinity() {
    }

    static List<Candidate> apply(List<Candidate> ranked, String prefixKey, List<String> regionOrder) {
        if (prefixKey == null || ranked.size() < 2) {
            return ranked;
        }
        Deployment top = ranked.get(0).deployment();
        int region = NearestRegions.distance(top, regionOrder);
        List<Candidate> group = new ArrayList<>();
        for (Candidate c : ranked) {
            Deployment d = c.deployment();
            if (Objects.equals(upstream(d), upstream(top)) && NearestRegions.distance(d, regionOrder) == region) {
                group.add(c);
            }
        }
        int pick = Rendezvous.pick(prefixKey, group, c -> c.deployment().id(), c -> 1);
        if (group.size() < 2 || pick <= 0) {
            return ranked;
        }
        List<Candidate> out = new ArrayList<>(ranked);
        Candidate preferred = group.get(pick);
        out.remove(preferred);
        out.add(0, preferred);
        return out;
    }

    private static String upstream(Deployment d) {
        return d.model().upstream() != null ? d.model().upstream() : d.id();
    }
}
