package io.llmrouter.resilience;

import java.time.Duration;
import java.util.List;

/**
 * How hard one request tries.
 *
 * @param maxAttempts             attempts in all, retries and failovers included
 * @param retriesPerDeployment    extra tries of the same deployment on a transient failure (5xx, overloaded, 429,
 *                                reset, broken stream) before failing over
 * @param backoffBase             first backoff; doubles each retry, with full jitter (a random wait up to the limit)
 * @param backoffMax              largest backoff
 * @param maxRetryAfter           a 429's Retry-After is honoured up to this; beyond it the router moves on at once
 * @param hedgeAfter              when set, an attempt with no answer (first token, for streams) after this long gets
 *                                the next candidate started alongside; the first to answer wins. Null: no hedging
 * @param refusalModels           models tried when a model refuses the content (its content policy); empty: the
 *                                refusal is passed on. Not the caller's failover models, which are candidates
 * @param resumeStreams           a stream that breaks after its first token resumes on the next candidate taking a
 *                                prefill (see the engine's StreamOperation); false: it ends with its error
 */
public record RetryPolicy(int maxAttempts, int retriesPerDeployment, Duration backoffBase, Duration backoffMax,
                          Duration maxRetryAfter, Duration hedgeAfter, List<String> refusalModels,
                          boolean resumeStreams) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, 1, Duration.ofMillis(200), Duration.ofSeconds(5),
            Duration.ofSeconds(5), null, List.of());

    /** Broken streams resume. */
    public RetryPolicy(int maxAttempts, int retriesPerDeployment, Duration backoffBase, Duration backoffMax,
                       Duration maxRetryAfter, Duration hedgeAfter, List<String> refusalModels) {
        this(maxAttempts, retriesPerDeployment, backoffBase, backoffMax, maxRetryAfter, hedgeAfter, refusalModels,
                true);
    }

    public RetryPolicy withResumeStreams(boolean resume) {
        return new RetryPolicy(maxAttempts, retriesPerDeployment, backoffBase, backoffMax, maxRetryAfter, hedgeAfter,
                refusalModels, resume);
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (retriesPerDeployment < 0) {
            throw new IllegalArgumentException("retriesPerDeployment must be >= 0, was " + retriesPerDeployment);
        }
        refusalModels = List.copyOf(refusalModels);
    }
}
