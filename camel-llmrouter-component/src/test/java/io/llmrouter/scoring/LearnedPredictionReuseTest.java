package io.llmrouter.scoring;

import static io.llmrouter.scoring.ScoringFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** A prompt embedded for the rules' difficulty is not embedded again by the learned strategy: one embedding each. */
class LearnedPredictionReuseTest {

    private final LearnedStrategy neverEmbeds = new LearnedStrategy(() -> {
        throw new AssertionError("the prompt was embedded a second time");
    });

    @Test
    void aProfileGivenTheRulesPredictionRanksWithIt() {
        RequestProfile matched = profile("Solve for x");
        matched.predictedQuality(Map.of("big", 0.4));
        matched.predicted(true);
        RequestProfile ranked = profile("Solve for x").predictionOf(matched);
        assertThat(neverEmbeds.prepare(ranked)).isCompleted();
        assertThat(ranked.predictedQuality()).containsExactly(Map.entry("big", 0.4));
    }

    @Test
    void aPredictionThatFailedIsNotTriedAgainForTheSameRequest() {
        RequestProfile matched = profile("Solve for x");
        matched.predicted(true); // the embedding queue was full: no prediction, catalog order
        RequestProfile ranked = profile("Solve for x").predictionOf(matched);
        assertThat(neverEmbeds.prepare(ranked)).isCompleted();
        assertThat(ranked.predictedQuality()).isEmpty();
    }
}
