package io.llmrouter.app.dashboard;

import java.util.concurrent.atomic.AtomicLong;

/** What the dashboard keeps of one deployment's recent attempts, in fixed memory. */
final class DeploymentFeed {

    /** Samples kept per measure: enough for a p95 that moves with traffic, small enough to sort on every poll. */
    static final int SAMPLES = 512;

    final Reservoir latencyMs = new Reservoir(SAMPLES);
    final Reservoir ttftMs = new Reservoir(SAMPLES);
    final SecondCounts answered = new SecondCounts(Dashboard.TRAFFIC_SECONDS + 1);
    final KindCounts errors = new KindCounts(Dashboard.ERROR_MINUTES);
    final AtomicLong answeredTotal = new AtomicLong();
    final AtomicLong failedTotal = new AtomicLong();
}
