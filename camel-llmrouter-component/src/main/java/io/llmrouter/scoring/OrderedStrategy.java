package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.List;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/** Priority order: candidates are tried in the order they were given (the first healthy one answers). */
public final class OrderedStrategy extends NamedStrategy {

    public static final String NAME = "ordered";

    public OrderedStrategy() {
        super(NAME);
    }

    @Override
    public List<Candidate> rank(RequestProfile profile, List<Deployment> admissible, RouterState state) {
        List<Candidate> out = new ArrayList<>(admissible.size());
        for (Deployment d : admissible) {
            out.add(Candidate.of(d));
        }
        return out;
    }
}
