package io.llmrouter.state;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live statistics of one deployment, updated without locks. Averages are exponentially weighted; the latency cost is a
 * peak EWMA in the manner of Finagle's and tower's load balancers: a slower sample raises it at once, faster samples
 * lower it with time constant {@link #DECAY_NANOS}, so the router moves away from a deployment that slows down within
 * one sample and comes back gradually.
 * <p>
 * Public so that a clustered state can keep one per deployment as its local, hot-path part and apply health that
 * other nodes broadcast.
 */
public final class DeploymentCell implements DeploymentStats {

    /** How fast a slower deployment is forgiven: the peak EWMA's time constant. */
    public static final long DECAY_NANOS = PeakEwma.DECAY_NANOS;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Ewma latency = new Ewma();
    private final Ewma ttft = new Ewma();
    private final Ewma tokensPerSecond = new Ewma();
    private final Ewma errors = new Ewma();
    private final PeakEwma peakLatency = new PeakEwma();
    private final PeakEwma peakTtft = new PeakEwma();
    private final MinuteWindow requests;
    private final MinuteWindow tokens;
    private final MinuteWindow rateLimits;
    private final AtomicLong cooldownUntil = new AtomicLong(Long.MIN_VALUE);
    private volatile String disabledReason;
    private volatile long disabledUntil;
    private volatile CircuitStatus circuit = CircuitStatus.CLOSED;
    private volatile boolean openedByProviderAnswers;
    private volatile long openUntil = Long.MIN_VALUE;
    private volatile long recoveredAt = Long.MIN_VALUE;

    public DeploymentCell(long now) {
        requests = new MinuteWindow(now);
        tokens = new MinuteWindow(now);
        rateLimits = new MinuteWindow(now);
    }

    public void started(long now, int estimatedTokens) {
        inFlight.incrementAndGet();
        requests.add(now, 1);
        tokens.add(now, estimatedTokens);
    }

    /** Limited deployments check and count under the cell's lock so that concurrent starts cannot overshoot. */
    public boolean tryStart(long now, int estimatedTokens, int rpm, int tpm) {
        if (rpm <= 0 && tpm <= 0) {
            started(now, estimatedTokens);
            return true;
        }
        synchronized (this) {
            if (rpm > 0 && requests.lastMinute(now) >= rpm
                    || tpm > 0 && tokens.lastMinute(now) + estimatedTokens > tpm) {
                return false;
            }
            started(now, estimatedTokens);
            return true;
        }
    }

    /** @param byProviderAnswers an OPEN circuit was opened by errors the provider answered with (see ErrorKind) */
    public void circuit(long now, CircuitStatus status, long until, boolean byProviderAnswers) {
        if (status == CircuitStatus.CLOSED && circuit != CircuitStatus.CLOSED) {
            recoveredAt = now;
        }
        openUntil = until;
        openedByProviderAnswers = status == CircuitStatus.OPEN && byProviderAnswers;
        circuit = status;
    }

    public void succeeded(long now, long latencyNanos, long ttftNanos, int outputTokens) {
        inFlight.decrementAndGet();
        successes.incrementAndGet();
        errors.add(0);
        disabledReason = null;
        double ms = latencyNanos / 1e6;
        if (ttftNanos >= 0) {
            double firstMs = ttftNanos / 1e6;
            ttft.add(firstMs);
            peakTtft.add(firstMs, now);
            long generating = latencyNanos - ttftNanos;
            if (outputTokens > 0 && generating > 0) {
                tokensPerSecond.add(outputTokens / (generating / 1e9));
            }
        } else {
            latency.add(ms);
            peakLatency.add(ms, now);
            if (outputTokens > 0 && latencyNanos > 0) {
                tokensPerSecond.add(outputTokens / (latencyNanos / 1e9));
            }
        }
    }

    public void failed(long now) {
        inFlight.decrementAndGet();
        failures.incrementAndGet();
        errors.add(1);
    }

    /** An attempt ended for a reason that says nothing about the deployment (cancelled, the gateway's own limits). */
    public void abandoned() {
        inFlight.decrementAndGet();
    }

    /** Counts a 429 and keeps the deployment out until {@code until}. */
    public void coolDown(long now, long until) {
        rateLimits.add(now, 1);
        holdOff(until);
    }

    /** Keeps the deployment out until {@code until} without counting a 429: another node received it. */
    public void holdOff(long until) {
        cooldownUntil.accumulateAndGet(until, Math::max);
    }

    /** Until when a 429 keeps the deployment out (nanos), or {@link Long#MIN_VALUE}. */
    public long cooldownUntilNanos() {
        return cooldownUntil.get();
    }

    /** Until when rejected credentials keep the deployment out (nanos); meaningful while a reason is set. */
    public long disabledUntilNanos() {
        return disabledUntil;
    }

    /** Why the deployment was disabled, or null. */
    public String disabledReason() {
        return disabledReason;
    }

    /** Until when an open circuit keeps the deployment out (nanos). */
    public long openUntilNanos() {
        return openUntil;
    }

    /** Out of every ranking until {@code until}; then one request probes whether the credentials were fixed. */
    public void disable(String reason, long until) {
        disabledUntil = until;
        disabledReason = reason;
    }

    @Override
    public long successes() {
        return successes.get();
    }

    @Override
    public long failures() {
        return failures.get();
    }

    @Override
    public int inFlight() {
        return Math.max(0, inFlight.get());
    }

    @Override
    public double ewmaLatencyMs() {
        return latency.value();
    }

    @Override
    public double peakEwmaMs(boolean streamed, long nowNanos) {
        return (streamed ? peakTtft : peakLatency).value(nowNanos);
    }

    @Override
    public double ttftMs() {
        return ttft.value();
    }

    @Override
    public double tokensPerSecond() {
        return tokensPerSecond.value();
    }

    @Override
    public double errorRate() {
        return errors.value();
    }

    @Override
    public int recent429s(long nowNanos) {
        return (int) rateLimits.lastMinute(nowNanos);
    }

    @Override
    public long requestsThisMinute(long nowNanos) {
        return requests.lastMinute(nowNanos);
    }

    @Override
    public long tokensThisMinute(long nowNanos) {
        return tokens.lastMinute(nowNanos);
    }

    @Override
    public CircuitStatus circuit() {
        return circuit;
    }

    @Override
    public boolean circuitOpenedByProviderAnswers() {
        return openedByProviderAnswers;
    }

    @Override
    public long recoveredAtNanos() {
        return recoveredAt;
    }

    @Override
    public String unavailableReason(long nowNanos) {
        String disabled = disabledReason;
        if (disabled != null && nowNanos < disabledUntil) {
            return disabled + " (probed again in " + ((disabledUntil - nowNanos) / 1_000_000_000L + 1) + " s)";
        }
        if (circuit == CircuitStatus.OPEN && nowNanos < openUntil) {
            return "circuit open for another " + ((openUntil - nowNanos) / 1_000_000L + 1) + " ms";
        }
        long until = cooldownUntil.get();
        if (until != Long.MIN_VALUE && nowNanos < until) {
            return "cooling down after a 429 for " + ((until - nowNanos) / 1_000_000L + 1) + " ms";
        }
        return null;
    }

}
