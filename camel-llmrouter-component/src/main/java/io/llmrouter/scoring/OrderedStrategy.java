package io.llmrouter.scoring;

import java.util.List;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/** Priority order: candidates are tried in the order they were given. */
public final class OrderedStrategy implements Strategy {

    public static final String NAME = "ordered";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Deployment> rank(RequestProfile profile, List<Deployment> admissible, RouterState state) {
        return admissible;
    }
}
