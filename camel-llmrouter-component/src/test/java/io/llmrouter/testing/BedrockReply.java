package io.llmrouter.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What the fake Bedrock upstream answers: optional text, then toolUse blocks (several make parallel calls), the
 * stopReason and the usage Bedrock reports, cache reads apart from {@code inputTokens}.
 */
public record BedrockReply(String text, List<Tool> tools, String stopReason, int inputTokens, int outputTokens,
                           int cacheReadTokens) {

    /** A toolUse block: id, name and the input as JSON text. */
    public record Tool(String id, String name, String inputJson) {
    }

    public static BedrockReply text(String text) {
        return new BedrockReply(text, List.of(), "end_turn", 25, text.split(" ").length, 0);
    }

    /** Tool calls, each given as name and input JSON in turn; their ids are tooluse_01, tooluse_02, ... */
    public static BedrockReply tools(String text, String... nameThenInput) {
        List<Tool> tools = new ArrayList<>();
        for (int i = 0; i + 1 < nameThenInput.length; i += 2) {
            tools.add(new Tool("tooluse_0" + (tools.size() + 1), nameThenInput[i], nameThenInput[i + 1]));
        }
        return new BedrockReply(text, List.copyOf(tools), "tool_use", 25, 40, 0);
    }

    public BedrockReply withUsage(int input, int output, int cacheRead) {
        return new BedrockReply(text, tools, stopReason, input, output, cacheRead);
    }

    public BedrockReply withStopReason(String reason) {
        return new BedrockReply(text, tools, reason, inputTokens, outputTokens, cacheReadTokens);
    }
}
