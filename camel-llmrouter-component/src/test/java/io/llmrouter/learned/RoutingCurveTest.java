package io.llmrouter.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** APGR and CPT as RouteLLM computes them, on curves whose values are known by hand. */
class RoutingCurveTest {

    // ten prompts: the weak model fails the first two, which the strong one gets right; all else both get right
    private static final double[] STRONG = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    private static final double[] WEAK = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 };

    @Test
    void aRouterThatSendsTheRightPromptsFirstRecoversTheGapAtOnce() {
        double[] w = { 9, 8, 1, 1, 1, 1, 1, 1, 1, 1 };
        RoutingCurve c = RoutingCurve.of(w, STRONG, WEAK);
        // strong calls jump from 0 % to 20 % (PGR 1) and then to 100 %
        assertThat(c.apgr()).isCloseTo(0.9, within(1e-9));
        assertThat(c.cpt50()).isCloseTo(0.1, within(1e-9));
        assertThat(c.cpt80()).isCloseTo(0.16, within(1e-9));
    }

    @Test
    void aRouterThatSendsThemLastIsWorseThanRandom() {
        double[] w = { 0, 0, 5, 5, 5, 5, 5, 5, 5, 5 };
        RoutingCurve c = RoutingCurve.of(w, STRONG, WEAK);
        assertThat(c.apgr()).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void aConstantScoreIsTheStraightLine() {
        RoutingCurve c = RoutingCurve.of(new double[10], STRONG, WEAK);
        assertThat(c.apgr()).isCloseTo(0.5, within(1e-9));
        assertThat(c.cpt50()).isCloseTo(0.5, within(1e-9));
    }
}
