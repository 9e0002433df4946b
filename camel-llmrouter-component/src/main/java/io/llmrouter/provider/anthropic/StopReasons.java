package io.llmrouter.provider.anthropic;

/** Anthropic's {@code stop_reason} and OpenAI's {@code finish_reason}, both ways: the one place that knows the pairs. */
public final class StopReasons {

    private StopReasons() {
    }

    /** The finish_reason for a stop_reason; unknown ones (pause_turn) read as a normal stop. */
    public static String toFinishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /** The stop_reason for a finish_reason. */
    public static String toStopReason(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }
}
