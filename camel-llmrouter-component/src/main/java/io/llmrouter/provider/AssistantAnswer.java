package io.llmrouter.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.Json;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.ToolCall;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;

/**
 * A native answer's content blocks gathered into the one assistant message of a chat completion (Anthropic's
 * Messages, Bedrock's Converse): text blocks make its text, and so does the forced structured-output call, whose
 * input is the answer itself; other tool calls are the caller's to make.
 */
public final class AssistantAnswer {

    private final StringBuilder text = new StringBuilder();
    private boolean hasText;
    private final List<ToolCall> calls = new ArrayList<>();

    public void text(String part) {
        hasText = true;
        text.append(part);
    }

    /** A tool-use block: the structured-output call's input as text, any other as a tool call. */
    public void toolUse(String id, String name, JsonNode input) {
        if (StructuredOutput.TOOL.equals(name)) {
            text(Json.string(input));
        } else {
            calls.add(ToolCall.function(id, name, Json.string(input)));
        }
    }

    /**
     * The completion.
     *
     * @param stop           the native stop reason
     * @param toFinishReason the protocol's stop reasons in OpenAI's words
     */
    public ChatResponse response(Deployment d, String id, String stop, UnaryOperator<String> toFinishReason,
                                 Usage usage) {
        ChatMessage message = new ChatMessage();
        message.role = "assistant";
        message.content = hasText ? MessageContent.text(text.toString()) : null;
        message.toolCalls = calls.isEmpty() ? null : calls;
        ChatResponse.Choice choice = new ChatResponse.Choice();
        choice.index = 0;
        choice.message = message;
        // the forced structured-output call ends with tool_use, but it is the answer, not a call for the caller
        choice.finishReason = calls.isEmpty() && "tool_use".equals(stop) ? "stop" : toFinishReason.apply(stop);
        ChatResponse response = new ChatResponse();
        response.id = id;
        response.created = System.currentTimeMillis() / 1000;
        response.model = d.id();
        response.choices = List.of(choice);
        response.usage = usage;
        return response;
    }
}
