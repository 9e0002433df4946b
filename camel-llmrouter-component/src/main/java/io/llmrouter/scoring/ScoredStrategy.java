package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.List;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/**
 * A strategy that scores each candidate independently and sorts by score; ties keep the given (catalog) order. Unknown
 * scores (NaN) sort last.
 */
abstract class ScoredStrategy extends NamedStrategy {

    static final boolean LOWER_IS_BETTER = true;
    static final boolean HIGHER_IS_BETTER = false;

    private final boolean lowerIsBetter;

    ScoredStrategy(String name, boolean lowerIsBetter) {
        super(name);
        this.lowerIsBetter = lowerIsBetter;
    }

    abstract Candidate score(RequestProfile profile, Deployment d, RouterState state, long now);

    @Override
    public List<Candidate> rank(RequestProfile profile, List<Deployment> admissible, RouterState state) {
        long now = state.nanoTime();
        List<Candidate> out = new ArrayList<>(admissible.size());
        for (Deployment d : admissible) {
            out.add(score(profile, d, state, now));
        }
        ByScore.sort(out, lowerIsBetter);
        return out;
    }

    static Candidate candidate(Deployment d, double score, String[] name) {
        return Candidate.of(d, score, name, score);
    }
}
