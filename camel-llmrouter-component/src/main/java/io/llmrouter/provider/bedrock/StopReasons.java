package io.llmrouter.provider.bedrock;

/** Bedrock's {@code stopReason} as OpenAI's {@code finish_reason}: the one place that knows the pairs. */
final class StopReasons {

    private StopReasons() {
    }

    /** Unknown reasons read as a normal stop. */
    static String toFinishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "content_filtered", "guardrail_intervened" -> "content_filter";
            default -> "stop";
        };
    }
}
