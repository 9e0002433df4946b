package io.llmrouter.learned;

import io.llmrouter.api.Sha256;

/**
 * The fixed train/test split of the routing-eval data (issue 16): an MMLU or GSM8K item is test when the first byte
 * of the SHA-256 of its id is below 51 (about 20 %); MT-Bench is test only. Ids of other data are always train.
 */
public final class SplitRule {

    private static final int TEST_BELOW = 51;

    private SplitRule() {
    }

    public static boolean isTest(String id) {
        if (id == null) {
            return false;
        }
        if (id.startsWith("mt-bench/")) {
            return true;
        }
        if (!id.startsWith("mmlu/") && !id.startsWith("gsm8k/")) {
            return false;
        }
        return (Sha256.of(id)[0] & 0xff) < TEST_BELOW;
    }
}
