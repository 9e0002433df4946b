package io.llmrouter.provider.gemini;

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
import io.llmrouter.provider.WireJson;

/**
 * A {@code GenerateContentResponse} read into a canonical chat completion: one choice per candidate. Gemini gives
 * function calls no id, so they get {@code call_1}, {@code call_2}, ... in order; a prompt Gemini blocked (no
 * candidates, {@code promptFeedback.blockReason}) is a content-policy error, though Gemini answers it with 200.
 */
final class GenerateContentAnswer {

    private GenerateContentAnswer() {
    }

    static ChatResponse read(Deployment d, byte[] body) {
        JsonNode root = WireJson.parse(body);
        if (root == null || !root.isObject()) {
            throw malformed(d);
        }
        String blocked = root.path("promptFeedback").path("blockReason").asText(null);
        if (blocked != null) {
            throw GeminiErrors.blocked(d.id(), blocked);
        }
        if (!root.path("candidates").isArray() || root.path("candidates").isEmpty()) {
            throw malformed(d);
        }
        List<ChatResponse.Choice> choices = new ArrayList<>();
        for (JsonNode candidate : root.get("candidates")) {
            choices.add(choice(candidate, choices.size()));
        }
        ChatResponse response = new ChatResponse();
        response.id = root.path("responseId").asText(null);
        response.created = System.currentTimeMillis() / 1000;
        response.model = d.id();
        response.choices = choices;
        response.usage = GeminiUsage.of(root.get("usageMetadata"));
        return response;
    }

    private static ChatResponse.Choice choice(JsonNode candidate, int position) {
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                // thought summaries are not part of the answer
                continue;
            }
            if (part.has("text")) {
                hasText = true;
                text.append(part.path("text").asText());
            } else if (part.has("functionCall")) {
                JsonNode fc = part.get("functionCall");
                calls.add(ToolCall.function("call_" + (calls.size() + 1), fc.path("name").asText(),
                        Json.string(fc.has("args") ? fc.get("args") : Json.MAPPER.createObjectNode())));
            }
        }
        ChatMessage message = new ChatMessage();
        message.role = "assistant";
        message.content = hasText ? MessageContent.text(text.toString()) : null;
        message.toolCalls = calls.isEmpty() ? null : calls;
        ChatResponse.Choice choice = new ChatResponse.Choice();
        choice.index = candidate.path("index").asInt(position);
        choice.message = message;
        choice.finishReason = FinishReasons.toFinishReason(candidate.path("finishReason").asText("STOP"),
                !calls.isEmpty());
        return choice;
    }

    private static LlmException malformed(Deployment d) {
        return LlmException.of(ErrorKind.MALFORMED_RESPONSE,
                "Upstream for '" + d.id() + "' sent a body that is not a GenerateContentResponse");
    }
}
