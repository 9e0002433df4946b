package io.llmrouter.governance;

/**
 * What a key or a team may use: requests and tokens per minute (0: no limit) and a budget (null: none).
 */
public record Limits(int rpm, int tpm, Budget budget) {

    public static final Limits NONE = new Limits(0, 0, null);

    public Limits {
        if (rpm < 0 || tpm < 0) {
            throw new IllegalArgumentException("rpm and tpm must be 0 (no limit) or more");
        }
    }
}
