package io.llmrouter.scoring;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/**
 * Highest catalog quality first, per task tag when the request names one ({@code x-llmrouter-task}); the price limit
 * ({@code x-llmrouter-max-price}) has already filtered. Models without a quality score go last.
 */
public final class QualityStrategy extends ScoredStrategy {

    public static final String NAME = "quality";
    private static final String[] COMPONENTS = { "quality" };

    public QualityStrategy() {
        super(NAME, HIGHER_IS_BETTER);
    }

    @Override
    Candidate score(RequestProfile profile, Deployment d, RouterState state, long now) {
        Double q = d.model().quality(profile.preferences().task());
        return candidate(d, q == null ? Double.NaN : q, COMPONENTS);
    }
}
