package io.llmrouter.provider.anthropic;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.ToolCall;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.StructuredOutput;

/** A Messages API answer ({@code "type":"message"}) read into a canonical chat completion. */
final class MessagesAnswer {

    private MessagesAnswer() {
    }

    static ChatResponse read(Deployment d, byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            root = null;
        }
        if (root == null || !root.path("content").isArray()) {
            throw LlmException.of(ErrorKind.MALFORMED_RESPONSE,
                    "Upstream for '" + d.id() + "' sent a body that is not a Messages API answer");
        }
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : root.get("content")) {
            switch (block.path("type").asText()) {
                case "text" -> {
                    hasText = true;
                    text.append(block.path("text").asText());
                }
                case "tool_use" -> {
                    if (StructuredOutput.TOOL.equals(block.path("name").asText())) {
                        hasText = true;
                        text.append(Json.string(block.path("input")));
                    } else {
                        calls.add(ToolCall.function(block.path("id").asText(), block.path("name").asText(),
                                Json.string(block.path("input"))));
                    }
                }
                default -> {
                    // thinking and server-tool blocks have no Chat Completions counterpart
                }
            }
        }
        ChatMessage message = new ChatMessage();
        message.role = "assistant";
        message.content = hasText ? MessageContent.text(text.toString()) : null;
        message.toolCalls = calls.isEmpty() ? null : calls;
        ChatResponse.Choice choice = new ChatResponse.Choice();
        choice.index = 0;
        choice.message = message;
        String stop = root.path("stop_reason").asText(null);
        // the forced structured-output call is the answer itself, not a call for the caller to make
        choice.finishReason = calls.isEmpty() && "tool_use".equals(stop) ? "stop" : StopReasons.toFinishReason(stop);
        ChatResponse response = new ChatResponse();
        response.id = root.path("id").asText(null);
        response.created = System.currentTimeMillis() / 1000;
        response.model = d.id();
        response.choices = List.of(choice);
        response.usage = UsageCounter.of(root.get("usage"));
        return response;
    }
}
