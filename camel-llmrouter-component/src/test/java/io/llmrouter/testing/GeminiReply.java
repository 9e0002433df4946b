package io.llmrouter.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What the fake Gemini upstream answers: optional text, then function calls (several make parallel calls), the
 * candidate's finishReason and the usageMetadata counts Gemini reports.
 */
public record GeminiReply(String text, List<FunctionCall> calls, String finishReason, int promptTokens,
                          int candidatesTokens, int cachedTokens) {

    /** A functionCall part: name and args as JSON text. */
    public record FunctionCall(String name, String argsJson) {
    }

    public static GeminiReply text(String text) {
        return new GeminiReply(text, List.of(), "STOP", 8, text.split(" ").length, 0);
    }

    /** Function calls, each given as name and args JSON in turn. */
    public static GeminiReply calls(String text, String... nameThenArgs) {
        List<FunctionCall> calls = new ArrayList<>();
        for (int i = 0; i + 1 < nameThenArgs.length; i += 2) {
            calls.add(new FunctionCall(nameThenArgs[i], nameThenArgs[i + 1]));
        }
        return new GeminiReply(text, List.copyOf(calls), "STOP", 30, 12, 0);
    }

    public GeminiReply withUsage(int prompt, int candidates, int cached) {
        return new GeminiReply(text, calls, finishReason, prompt, candidates, cached);
    }

    public GeminiReply finishing(String reason) {
        return new GeminiReply(text, calls, reason, promptTokens, candidatesTokens, cachedTokens);
    }
}
