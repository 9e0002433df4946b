package io.llmrouter.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What the fake Anthropic upstream answers: optional text, then tool_use blocks (several make parallel calls), with
 * the usage Anthropic reports, cache reads and writes apart from {@code input_tokens}.
 */
public record AnthropicReply(String text, List<Tool> tools, int inputTokens, int outputTokens, int cacheReadTokens,
                             int cacheCreationTokens) {

    /** A tool_use block: id, name and the input as JSON text. */
    public record Tool(String id, String name, String inputJson) {
    }

    public static AnthropicReply text(String text) {
        return new AnthropicReply(text, List.of(), 25, text.split(" ").length, 0, 0);
    }

    /** Tool calls, each given as name and input JSON in turn; their ids are toolu_01, toolu_02, ... */
    public static AnthropicReply tools(String text, String... nameThenInput) {
        List<Tool> tools = new ArrayList<>();
        for (int i = 0; i + 1 < nameThenInput.length; i += 2) {
            tools.add(new Tool("toolu_0" + (tools.size() + 1), nameThenInput[i], nameThenInput[i + 1]));
        }
        return new AnthropicReply(text, List.copyOf(tools), 25, 40, 0, 0);
    }

    public AnthropicReply withUsage(int input, int output, int cacheRead, int cacheCreation) {
        return new AnthropicReply(text, tools, input, output, cacheRead, cacheCreation);
    }

    public String stopReason() {
        return tools.isEmpty() ? "end_turn" : "tool_use";
    }
}
