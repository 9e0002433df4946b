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

    /**
     * Claims the probe of a half-open deployment: across a cluster only one node may send it at a time, so N gateways
     * do not send N probes to a provider that is just coming back. A single node's breaker limits its own probes.
     *
     * @return true when this node may send the probe; then {@link #probeEnded} must follow
     */
    default boolean tryProbe(String deployment) {
        return true;
    }

    /** Gives back the probe {@link #tryProbe} claimed, once it answered or was not sent. */
    default void probeEnded(String deployment) {
    }

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

    /**
     * Admits a request of a caller ({@code subject}: a virtual key or team) only if its rpm/tpm leave room this
     * minute; atomically and, in a cluster, cluster-wide. Limits of 0 mean none. Unlike {@link #tryAttemptStart} it
     * counts no attempt in flight.
     */
    CompletableFuture<Boolean> tryAdmit(String subject, int estimatedTokens, int rpm, int tpm);

    /**
     * Reserves {@code usd} against a budget counter (one per key or team and period) if the settled spend plus every
     * reservation in flight stays within {@code limitUsd}; a negative limit never refuses (a soft budget). Atomic
     * and, in a cluster, cluster-wide: concurrent callers on any node can overspend only by what they reserved.
     *
     * @param seedUsd what the ledger already holds for this budget's period, taken when the counter does not exist yet
     *                (after a restart of the whole cluster)
     */
    CompletableFuture<BudgetHold> reserve(String budget, double usd, double limitUsd, double seedUsd);

    /** Replaces a granted reservation by what the answer cost: 0 releases it. */
    CompletableFuture<Void> settle(String budget, double reservedUsd, double actualUsd, double seedUsd);

    /** The budget counter's settled spend and reservations now ({@code granted} true); zeros when it does not exist. */
    BudgetHold budget(String budget);

    /** The clock all statistics use (nanoseconds, monotonic). */
    long nanoTime();
}
