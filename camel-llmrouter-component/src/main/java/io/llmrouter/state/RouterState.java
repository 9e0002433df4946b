package io.llmrouter.state;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.ErrorKind;

/**
 * What the router learns while it runs and what every node of a cluster should share: per-deployment load, latency
 * and health, rate-limit windows, and the spend ledger. Reads are on the hot path and must be local and cheap.
 */
public interface RouterState {

    /** An attempt is about to be sent; counts towards in-flight and the rpm/tpm windows. */
    void attemptStarted(String deployment, int estimatedTokens);

    /**
     * An attempt answered.
     *
     * @param ttftNanos    time to first token of a stream, or -1 for a plain answer
     * @param outputTokens completion tokens, or -1 when unknown
     */
    void attemptSucceeded(String deployment, long latencyNanos, long ttftNanos, int outputTokens);

    /** An attempt failed; a 429 may carry how long to keep away ({@code retryAfterMillis}, -1 when not given). */
    void attemptFailed(String deployment, ErrorKind kind, long latencyNanos, long retryAfterMillis);

    /**
     * Starts an attempt only if the deployment's declared limits leave room for it this minute; atomically, so
     * concurrent requests cannot overshoot. Limits of 0 mean none. Asynchronous because a cluster node may have to ask
     * the member that counts the window; an answer known here comes back already completed.
     *
     * @return false, and nothing recorded, when there is no headroom
     */
    CompletableFuture<Boolean> tryAttemptStart(String deployment, int estimatedTokens, int rpm, int tpm);

    /**
     * The deployment's circuit breaker changed state; {@code openUntilNanos} and {@code byProviderAnswers} (opened by
     * errors the provider answered with, not by connection failures) matter for OPEN only.
     */
    void circuitChanged(String deployment, CircuitStatus status, long openUntilNanos, boolean byProviderAnswers);

    /** A live read view of one deployment's statistics; never null. */
    DeploymentStats stats(String deployment);

    /**
     * Adds spend billed to a caller's account for a model.
     *
     * @return completes once the spend is durable (in a cluster: held by two members), so that an answer released
     *         after it is never billed without being recorded; at once where the state is set to record spend after
     *         the answer (a cluster's {@code spend-durability=async})
     */
    CompletableFuture<Void> recordSpend(String account, String model, double usd);

    /** Total spend of an account, in USD. */
    double spend(String account);

    /** Spend per model across all accounts (and, in a cluster, all members), in USD; a snapshot. */
    Map<String, Double> spendByModel();

    /** The clock all statistics use (nanoseconds, monotonic). */
    long nanoTime();
}
