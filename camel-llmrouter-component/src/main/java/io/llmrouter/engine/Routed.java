package io.llmrouter.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.resilience.Attempt;
import io.llmrouter.scoring.Ranking;

/**
 * An answer with the decision behind it. Callers outside the engine (the Camel layer, the gateway) read the decision
 * through the accessors below, which speak in names and {@link ErrorKind}s rather than the engine's internal types.
 *
 * @param usage    null for a stream, whose usage is known only at its end
 * @param costUsd  what the caller is billed; 0 for a stream until its end, and for an answer from the cache
 * @param cache    {@code hit} or {@code miss} when the request used the response cache, else null
 */
public record Routed<T>(T value, Deployment deployment, Ranking ranking, List<Attempt> attempts, Usage usage,
                        double costUsd, long upstreamNanos, String cache) {

    /** This answer as one the response cache was asked for. */
    Routed<T> withCache(String result) {
        return new Routed<>(value, deployment, ranking, attempts, usage, costUsd, upstreamNanos, result);
    }

    /** One attempt that did not answer. */
    public record FailedAttempt(String model, ErrorKind kind) {
    }

    /** The catalog id of the model that answered. */
    public String model() {
        return deployment.id();
    }

    /** The id of the provider that served the answer. */
    public String provider() {
        return deployment.provider().id();
    }

    /** The name of the strategy that ranked the candidates. */
    public String strategy() {
        return ranking.strategy();
    }

    /** Upstream attempts in all, the answering one included. */
    public int attemptCount() {
        return attempts.size();
    }

    /** The attempts that failed before the answer, in the order they were made. */
    public List<FailedAttempt> failedAttempts() {
        List<FailedAttempt> failed = new ArrayList<>();
        for (Attempt a : attempts) {
            if (a.failure() != null) {
                failed.add(new FailedAttempt(a.deployment(), a.failure()));
            }
        }
        return failed;
    }

    /** The full decision (ranking with score components, exclusions with reasons) when the caller asked, else null. */
    public Map<String, Object> explanation() {
        return ranking.explained() ? ranking.explain() : null;
    }
}
