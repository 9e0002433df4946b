package io.llmrouter.state.hazelcast;

import java.io.Serializable;

import io.llmrouter.state.DeploymentCell;

/**
 * A deployment's cluster-wide request and token counts in the current and previous wall-clock minute; lives on the
 * deployment's partition owner and is only changed by {@link TryStartProcessor}.
 */
record RateWindow(long minute, long requests, long previousRequests, long tokens, long previousTokens)
        implements Serializable {

    static final long MINUTE_MILLIS = 60_000;
    static final RateWindow EMPTY = new RateWindow(Long.MIN_VALUE, 0, 0, 0, 0);

    /** The same window moved to the minute of {@code nowMillis}. */
    RateWindow at(long nowMillis) {
        long m = Math.floorDiv(nowMillis, MINUTE_MILLIS);
        if (m == minute) {
            return this;
        }
        return m == minute + 1 ? new RateWindow(m, 0, requests, 0, tokens) : new RateWindow(m, 0, 0, 0, 0);
    }

    long requestsLastMinute(long nowMillis) {
        return DeploymentCell.slidingCount(requests, previousRequests, Math.floorMod(nowMillis, MINUTE_MILLIS),
                MINUTE_MILLIS);
    }

    long tokensLastMinute(long nowMillis) {
        return DeploymentCell.slidingCount(tokens, previousTokens, Math.floorMod(nowMillis, MINUTE_MILLIS),
                MINUTE_MILLIS);
    }

    RateWindow plus(long n, long t) {
        return new RateWindow(minute, requests + n, previousRequests, tokens + t, previousTokens);
    }
}
