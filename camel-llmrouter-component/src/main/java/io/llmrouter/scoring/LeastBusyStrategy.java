package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/** Fewest attempts in flight first; ties are broken at random so that idle deployments share the load. */
public final class LeastBusyStrategy extends NamedStrategy {

    public static final String NAME = "least-busy";
    private static final String[] COMPONENTS = { "in_flight" };

    private final Random random;

    public LeastBusyStrategy(Random random) {
        super(NAME);
        this.random = random;
    }

    @Override
    public List<Candidate> rank(RequestProfile profile, List<Deployment> admissible, RouterState state) {
        List<Candidate> out = new ArrayList<>(admissible.size());
        for (Deployment d : admissible) {
            double inFlight = state.stats(d.id()).inFlight();
            out.add(Candidate.of(d, inFlight, COMPONENTS, inFlight));
        }
        Collections.shuffle(out, random);
        ByScore.sort(out, true);
        return out;
    }
}
