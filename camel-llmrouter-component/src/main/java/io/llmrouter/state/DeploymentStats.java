package io.llmrouter.state;

/**
 * A read view of one deployment's live statistics. Reads are lock-free and allocation-free: strategies call them for
 * every candidate of every request.
 */
public interface DeploymentStats {

    /** Successful attempts so far. */
    long successes();

    /** Failed attempts so far. */
    long failures();

    /** Attempts under way now. */
    int inFlight();

    /** Exponentially weighted mean latency of successful plain attempts, in ms; 0 before the first. */
    double ewmaLatencyMs();

    /**
     * Peak-EWMA latency in ms: jumps up at once to a slower sample, decays towards faster ones, and decays towards zero
     * when no samples arrive so that an idle deployment is probed again. 0 before the first sample.
     *
     * @param streamed use time to first token rather than whole-answer latency
     */
    double peakEwmaMs(boolean streamed, long nowNanos);

    /** Mean time to first token of streamed attempts, in ms; 0 before the first. */
    double ttftMs();

    /** Mean output tokens per second of successful attempts; 0 before the first. */
    double tokensPerSecond();

    /** Exponentially weighted share of failed attempts, 0..1. */
    double errorRate();

    /** 429 answers in the last minute. */
    int recent429s(long nowNanos);

    /** Requests started in the current one-minute window. */
    long requestsThisMinute(long nowNanos);

    /** Estimated tokens (prompt + expected output) sent in the current one-minute window. */
    long tokensThisMinute(long nowNanos);

    /** The circuit breaker's state. */
    CircuitStatus circuit();

    /**
     * Whether the open circuit was opened by errors the provider itself answered with (5xx, overloaded, broken
     * bodies) rather than by connection failures; only such a circuit is respected when every candidate is open.
     */
    boolean circuitOpenedByProviderAnswers();

    /** When the circuit last closed after being open (nanos), or {@link Long#MIN_VALUE}: for slow start. */
    long recoveredAtNanos();

    /** Why the deployment must not be used now (bad credentials, cooldown after a 429, open circuit), or null. */
    String unavailableReason(long nowNanos);
}
