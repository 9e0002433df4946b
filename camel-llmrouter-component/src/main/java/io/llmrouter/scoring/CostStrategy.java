package io.llmrouter.scoring;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/** Cheapest expected cost first: estimated prompt and output tokens times catalog prices. Unpriced models go last. */
public final class CostStrategy extends ScoredStrategy {

    public static final String NAME = "cost";
    private static final String[] COMPONENTS = { "expected_cost_usd" };

    public CostStrategy() {
        super(NAME, LOWER_IS_BETTER);
    }

    @Override
    Candidate score(RequestProfile profile, Deployment d, RouterState state, long now) {
        return candidate(d, profile.expectedCost(d), COMPONENTS);
    }
}
