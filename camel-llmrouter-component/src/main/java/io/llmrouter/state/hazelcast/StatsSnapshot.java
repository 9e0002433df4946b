package io.llmrouter.state.hazelcast;

import java.io.Serializable;

import io.llmrouter.state.DeploymentCell;

/**
 * One member's statistics of one deployment at one moment, as published to the others in the background. Peak costs
 * are published with their wall-clock time so that readers can keep decaying them.
 */
record StatsSnapshot(long successes, long failures, int inFlight, double ewmaLatencyMs, double peakLatencyMs,
        double peakTtftMs, double ttftMs, double tokensPerSecond, double errorRate, int recent429s,
        long requestsThisMinute, long tokensThisMinute, long takenAtEpochMillis) implements Serializable {

    static StatsSnapshot of(DeploymentCell c, long nowNanos, long nowEpochMillis) {
        return new StatsSnapshot(c.successes(), c.failures(), c.inFlight(), c.ewmaLatencyMs(),
                c.peakEwmaMs(false, nowNanos), c.peakEwmaMs(true, nowNanos), c.ttftMs(), c.tokensPerSecond(),
                c.errorRate(), c.recent429s(nowNanos), c.requestsThisMinute(nowNanos), c.tokensThisMinute(nowNanos),
                nowEpochMillis);
    }

    /** Whether anything a reader would notice changed; unchanged snapshots are not republished. */
    boolean sameCountsAs(StatsSnapshot o) {
        return o != null && successes == o.successes && failures == o.failures && inFlight == o.inFlight
               && recent429s == o.recent429s && requestsThisMinute == o.requestsThisMinute
               && tokensThisMinute == o.tokensThisMinute;
    }
}
