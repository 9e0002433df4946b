package io.llmrouter.scoring;

import java.util.Map;

import io.llmrouter.catalog.Deployment;

/**
 * A ranked deployment with the score its strategy gave it and the parts of that score, for the explanation.
 *
 * @param score      the strategy's own measure (lower is better for costs and latencies, higher for utilities);
 *                   its meaning is named in {@code components}
 * @param components named inputs of the score, e.g. {@code expected_cost_usd}, {@code peak_ewma_ms}
 */
public record Candidate(Deployment deployment, double score, Map<String, Double> components) {

    public static Candidate of(Deployment d) {
        return new Candidate(d, 0, Map.of());
    }
}
