package io.llmrouter.provider.gemini;

/** Gemini's candidate {@code finishReason} as OpenAI's {@code finish_reason}: the one place that knows the pairs. */
final class FinishReasons {

    private FinishReasons() {
    }

    /** The finish_reason, or null while the candidate goes on; a finished turn with function calls is tool_calls. */
    static String toFinishReason(String finishReason, boolean calledTools) {
        if (finishReason == null) {
            return null;
        }
        return switch (finishReason) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY" -> "content_filter";
            default -> calledTools ? "tool_calls" : "stop";
        };
    }
}
