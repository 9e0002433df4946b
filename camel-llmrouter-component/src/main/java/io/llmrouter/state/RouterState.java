package io.llmrouter.state;

import io.llmrouter.api.ErrorKind;

/**
 * What the router learns while it runs and what every node of a cluster should share: per-deployment load, latency
 * and health, and the spend ledger. Reads are on the hot path and must be local and cheap.
 */
public interface RouterState {

    void attemptStarted(String deployment);

    void attemptSucceeded(String deployment, long latencyNanos);

    void attemptFailed(String deployment, ErrorKind kind, long latencyNanos);

    /** A read view of one deployment's statistics; never null. */
    DeploymentStats stats(String deployment);

    /** Adds spend billed to a caller's account for a model. */
    void recordSpend(String account, String model, double usd);

    /** Total spend of an account, in USD. */
    double spend(String account);
}
