package io.llmrouter.scoring;

import java.util.LinkedHashMap;
import java.util.Map;

import io.llmrouter.catalog.Deployment;

/**
 * A ranked deployment with the score its strategy gave it and the named parts of that score, for the explanation. The
 * parts are kept as two arrays (the names shared by every candidate of a strategy) so ranking allocates little.
 *
 * @param score the strategy's own measure (lower is better for costs and latencies, higher for utilities)
 */
public record Candidate(Deployment deployment, double score, String[] names, double[] values) {

    private static final String[] NONE = new String[0];
    private static final double[] NO_VALUES = new double[0];

    public static Candidate of(Deployment d) {
        return new Candidate(d, 0, NONE, NO_VALUES);
    }

    public static Candidate of(Deployment d, double score, String[] names, double... values) {
        return new Candidate(d, score, names, values);
    }

    /** The score's inputs by name, e.g. {@code expected_cost_usd}, {@code peak_ewma_ms}. */
    public Map<String, Double> components() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], values[i]);
        }
        return out;
    }
}
