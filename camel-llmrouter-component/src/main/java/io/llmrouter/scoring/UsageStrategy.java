package io.llmrouter.scoring;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.DeploymentStats;
import io.llmrouter.state.RouterState;

/**
 * Most rate-limit headroom first: the smaller of the unused shares of the deployment's rpm and tpm limits in the last
 * minute. A deployment without limits has full headroom.
 */
public final class UsageStrategy extends ScoredStrategy {

    public static final String NAME = "usage";
    private static final String[] COMPONENTS = { "headroom", "rpm_headroom", "tpm_headroom" };

    public UsageStrategy() {
        super(NAME, HIGHER_IS_BETTER);
    }

    @Override
    Candidate score(RequestProfile profile, Deployment d, RouterState state, long now) {
        DeploymentStats s = state.stats(d.id());
        double rpm = d.model().rpm() > 0 ? 1 - (double) s.requestsThisMinute(now) / d.model().rpm() : 1;
        double tpm = d.model().tpm() > 0 ? 1 - (double) s.tokensThisMinute(now) / d.model().tpm() : 1;
        double headroom = Math.max(0, Math.min(rpm, tpm));
        return Candidate.of(d, headroom, COMPONENTS, headroom, rpm, tpm);
    }
}
