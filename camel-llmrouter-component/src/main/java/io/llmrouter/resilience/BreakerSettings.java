package io.llmrouter.resilience;

import java.time.Duration;

/**
 * Circuit breaker settings shared by every deployment's breaker (Resilience4j semantics).
 *
 * @param failureRatePercent  open when this share of the window's calls failed
 * @param slowCallRatePercent open when this share of the window's calls were slower than {@code slowCall}
 * @param slowCall            a call slower than this counts as slow (time to first token for streams)
 * @param window              calls in the sliding window
 * @param minimumCalls        calls needed before the rates are judged
 * @param openFor             how long an open breaker keeps traffic away before probing
 * @param halfOpenCalls       probe calls let through at once when half open; one by default, so a provider that is
 *                            down sees a single request per open period
 * @param slowStart           after recovery, traffic ramps up linearly over this time instead of rushing back
 */
public record BreakerSettings(float failureRatePercent, float slowCallRatePercent, Duration slowCall, int window,
                              int minimumCalls, Duration openFor, int halfOpenCalls, Duration slowStart) {

    public static final BreakerSettings DEFAULT = new BreakerSettings(50, 100, Duration.ofSeconds(60), 20, 10,
            Duration.ofSeconds(10), 1, Duration.ofSeconds(20));
}
