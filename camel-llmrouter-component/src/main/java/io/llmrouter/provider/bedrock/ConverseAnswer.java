package io.llmrouter.provider.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.ToolCall;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.StructuredOutput;

/** A Converse answer ({@code output.message}, {@code stopReason}, {@code usage}) read into a canonical completion. */
final class ConverseAnswer {

    private ConverseAnswer() {
    }

    /** @param requestId Bedrock's x-amzn-RequestId, the completion's id (Converse answers carry none of their own) */
    static ChatResponse read(Deployment d, String requestId, byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            root = null;
        }
        JsonNode content = root == null ? null : root.path("output").path("message").path("content");
        if (content == null || !content.isArray()) {
            throw LlmException.of(ErrorKind.MALFORMED_RESPONSE,
                    "Upstream for '" + d.id() + "' sent a body that is not a Converse answer");
        }
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : content) {
            if (block.has("text")) {
                hasText = true;
                text.append(block.path("text").asText());
            } else if (block.has("toolUse") && StructuredOutput.TOOL.equals(block.get("toolUse").path("name").asText())) {
                hasText = true;
                text.append(Json.string(block.get("toolUse").path("input")));
            } else if (block.has("toolUse")) {
                JsonNode use = block.get("toolUse");
                calls.add(ToolCall.function(use.path("toolUseId").asText(), use.path("name").asText(),
                        Json.string(use.path("input"))));
            }
            // reasoningContent and other blocks have no Chat Completions counterpart
        }
        ChatMessage message = new ChatMessage();
        message.role = "assistant";
        message.content = hasText ? MessageContent.text(text.toString()) : null;
        message.toolCalls = calls.isEmpty() ? null : calls;
        ChatResponse.Choice choice = new ChatResponse.Choice();
        choice.index = 0;
        choice.message = message;
        String stop = root.path("stopReason").asText(null);
        // the forced structured-output call is the answer itself, not a call for the caller to make
        choice.finishReason = calls.isEmpty() && "tool_use".equals(stop) ? "stop" : StopReasons.toFinishReason(stop);
        ChatResponse response = new ChatResponse();
        response.id = completionId(requestId);
        response.created = System.currentTimeMillis() / 1000;
        response.model = d.id();
        response.choices = List.of(choice);
        response.usage = usage(root.get("usage"));
        return response;
    }

    static String completionId(String requestId) {
        return "chatcmpl-" + (requestId != null && !requestId.isBlank() ? requestId : UUID.randomUUID().toString());
    }

    /**
     * Bedrock's usage read into OpenAI's. Like Anthropic, Bedrock counts cache reads and writes apart from
     * {@code inputTokens}; OpenAI's {@code prompt_tokens} holds them all, the reads also in {@code cached_tokens}.
     */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        int cacheRead = usage.path("cacheReadInputTokens").asInt(0);
        int cacheWrite = usage.path("cacheWriteInputTokens").asInt(0);
        Usage u = Usage.of(usage.path("inputTokens").asInt(0) + cacheRead + cacheWrite,
                usage.path("outputTokens").asInt(0));
        if (usage.hasNonNull("cacheReadInputTokens")) {
            u.promptTokensDetails = new Usage.TokenDetails();
            u.promptTokensDetails.cachedTokens = cacheRead;
        }
        return u;
    }
}
