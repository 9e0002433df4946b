package io.llmrouter.state.hazelcast;

import java.util.List;

import io.llmrouter.state.DeploymentCell;

/**
 * The other members' statistics of one deployment, summed (counts) or weighted by their successes (averages), built
 * in the background so that the ranking path only adds two numbers.
 */
record PeerStats(long successes, long failures, int inFlight, double latencyWeight, double ewmaLatencyMs,
        double peakLatencyMs, double ttftWeight, double ttftMs, double peakTtftMs, double tokensPerSecond,
        double errorRate, int recent429s, long requestsThisMinute, long tokensThisMinute, long takenAtEpochMillis) {

    static final PeerStats NONE = new PeerStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Snapshots older than this are from a member that stopped publishing and are ignored. */
    static final long STALE_MILLIS = 10_000;

    static PeerStats of(List<StatsSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return NONE;
        }
        long successes = 0, failures = 0, requests = 0, tokens = 0;
        int inFlight = 0, r429 = 0;
        double lw = 0, lat = 0, peak = 0, tw = 0, ttft = 0, peakTtft = 0, tps = 0, err = 0;
        long oldest = Long.MAX_VALUE;
        for (StatsSnapshot s : snapshots) {
            successes += s.successes();
            failures += s.failures();
            inFlight += s.inFlight();
            r429 += s.recent429s();
            requests += s.requestsThisMinute();
            tokens += s.tokensThisMinute();
            oldest = Math.min(oldest, s.takenAtEpochMillis());
            double w = Math.max(1, s.successes());
            if (s.ewmaLatencyMs() > 0) {
                lw += w;
                lat += w * s.ewmaLatencyMs();
                peak += w * s.peakLatencyMs();
            }
            if (s.ttftMs() > 0) {
                tw += w;
                ttft += w * s.ttftMs();
                peakTtft += w * s.peakTtftMs();
            }
            tps += w * s.tokensPerSecond();
            err += w * s.errorRate();
        }
        double all = 0;
        for (StatsSnapshot s : snapshots) {
            all += Math.max(1, s.successes());
        }
        return new PeerStats(successes, failures, inFlight, lw, lw > 0 ? lat / lw : 0, lw > 0 ? peak / lw : 0, tw,
                tw > 0 ? ttft / tw : 0, tw > 0 ? peakTtft / tw : 0, tps / all, err / all, r429, requests, tokens,
                oldest);
    }

    /** The peers' peak cost, decayed for the time since they published it, as the local cell decays its own. */
    double peakMs(boolean streamed, long nowEpochMillis) {
        double p = streamed ? peakTtftMs : peakLatencyMs;
        double elapsedNanos = Math.max(0, nowEpochMillis - takenAtEpochMillis) * 1e6;
        return p * Math.exp(-elapsedNanos / DeploymentCell.DECAY_NANOS);
    }

    double weight(boolean streamed) {
        return streamed ? ttftWeight : latencyWeight;
    }
}
