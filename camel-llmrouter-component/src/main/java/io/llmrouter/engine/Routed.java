package io.llmrouter.engine;

import java.util.List;

import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.resilience.Attempt;
import io.llmrouter.scoring.Ranking;

/**
 * An answer with the decision behind it.
 *
 * @param usage    null for a stream, whose usage is known only at its end
 * @param costUsd  what the caller is billed; 0 for a stream until its end
 */
public record Routed<T>(T value, Deployment deployment, Ranking ranking, List<Attempt> attempts, Usage usage,
                        double costUsd, long upstreamNanos) {
}
