package io.llmrouter.scoring;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/** Highest observed output tokens per second first; deployments not yet measured go last, in catalog order. */
public final class ThroughputStrategy extends ScoredStrategy {

    public static final String NAME = "throughput";
    private static final String[] COMPONENTS = { "tokens_per_second" };

    public ThroughputStrategy() {
        super(NAME, HIGHER_IS_BETTER);
    }

    @Override
    Candidate score(RequestProfile profile, Deployment d, RouterState state, long now) {
        double tps = state.stats(d.id()).tokensPerSecond();
        return candidate(d, tps > 0 ? tps : Double.NaN, COMPONENTS);
    }
}
