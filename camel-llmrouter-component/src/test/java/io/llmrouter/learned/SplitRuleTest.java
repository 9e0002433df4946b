package io.llmrouter.learned;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fixed split of issue 16, pinned on ids whose SHA-256 first byte was computed independently (Python hashlib). */
class SplitRuleTest {

    @Test
    void anItemIsTestWhenTheFirstByteOfItsIdsSha256IsBelow51() {
        assertThat(SplitRule.isTest("gsm8k/0")).isTrue();
        assertThat(SplitRule.isTest("gsm8k/7")).isTrue();
        assertThat(SplitRule.isTest("mmlu/fixture/3")).isTrue();
        assertThat(SplitRule.isTest("gsm8k/1")).isFalse();
        assertThat(SplitRule.isTest("mmlu/abstract_algebra/0")).isFalse();
        assertThat(SplitRule.isTest("mmlu/fixture/4")).isFalse();
    }

    @Test
    void mtBenchIsAlwaysTestAndOtherDataAlwaysTrain() {
        assertThat(SplitRule.isTest("mt-bench/81")).isTrue();
        assertThat(SplitRule.isTest("my-data/1")).isFalse();
        assertThat(SplitRule.isTest(null)).isFalse();
    }
}
