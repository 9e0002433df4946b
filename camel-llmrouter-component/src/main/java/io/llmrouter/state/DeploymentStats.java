package io.llmrouter.state;

/**
 * A snapshot of one deployment's live statistics.
 *
 * @param inFlight        attempts under way now
 * @param ewmaLatencyMs   exponentially weighted mean latency of successful attempts, 0 before the first
 * @param successes       successful attempts so far
 * @param failures        failed attempts so far
 * @param disabledReason  why the deployment must not be used (bad credentials), or null
 */
public record DeploymentStats(int inFlight, double ewmaLatencyMs, long successes, long failures,
                              String disabledReason) {

    public static final DeploymentStats EMPTY = new DeploymentStats(0, 0, 0, 0, null);

    public boolean available() {
        return disabledReason == null;
    }
}
