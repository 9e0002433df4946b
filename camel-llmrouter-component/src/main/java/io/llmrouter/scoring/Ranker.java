package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.List;

import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.DeploymentStats;
import io.llmrouter.state.RouterState;

/** Filters candidates that cannot or must not serve a request, recording why, then lets the strategy order the rest. */
public final class Ranker {

    private final RouterState state;

    public Ranker(RouterState state) {
        this.state = state;
    }

    public Ranking rank(RequestProfile profile, List<Deployment> candidates, Strategy strategy) {
        List<Deployment> admissible = new ArrayList<>(candidates.size());
        List<Exclusion> excluded = new ArrayList<>();
        for (Deployment d : candidates) {
            String missing = missingCapability(profile, d);
            if (missing != null) {
                excluded.add(new Exclusion(d.id(), "does not support " + missing, false));
                continue;
            }
            DeploymentStats stats = state.stats(d.id());
            if (!stats.available()) {
                excluded.add(new Exclusion(d.id(), stats.disabledReason(), true));
                continue;
            }
            admissible.add(d);
        }
        List<Deployment> ranked = admissible.isEmpty() ? admissible : strategy.rank(profile, admissible, state);
        return new Ranking(strategy.name(), ranked, excluded);
    }

    private static String missingCapability(RequestProfile profile, Deployment d) {
        for (Capability c : profile.needs()) {
            if (!d.model().can(c)) {
                return c.wireName();
            }
        }
        return null;
    }
}
