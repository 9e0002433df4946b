package io.llmrouter.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RidgeHeadTest {

    /** One input, one model, the score rising with the input over 0..1 (mean 0.5, deviation about 0.29). */
    private static RidgeHead fitted() {
        int n = 101;
        float[][] inputs = new float[n][1];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            inputs[i][0] = i / 100f;
            scores[i] = 0.2f + 0.6f * inputs[i][0];
        }
        return RidgeHead.fit(inputs, scores, 1, 0.01);
    }

    @Test
    void followsTheInputWithinItsTrainingRange() {
        assertThat(fitted().predict(new float[] { 0.75f })[0]).isCloseTo(0.65, within(0.01));
    }

    @Test
    void anInputFarOutsideItsTrainingRangeCountsAsFourDeviationsOut() {
        RidgeHead head = fitted();
        double atLimit = head.predict(new float[] { 0.5f + 4 * 0.2915f })[0];

        assertThat(head.predict(new float[] { 1_000f })[0]).isCloseTo(atLimit, within(0.01)).isLessThan(1.5);
    }
}
