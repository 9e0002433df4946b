package io.llmrouter.provider.openai;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.ToolCall;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.WireJson;

/**
 * An upstream's Responses API {@code response} object, read for the router: the canonical answer that accounting,
 * caching and telemetry look at (its text, function calls, finish and usage), carrying the object itself for the
 * caller ({@link ChatResponse#responsesObject}).
 */
final class ResponsesAnswer {

    private ResponsesAnswer() {
    }

    static ChatResponse read(byte[] body, Deployment d) {
        JsonNode r = WireJson.parse(body);
        if (r == null || !r.isObject() || !"response".equals(r.path("object").asText())) {
            throw LlmException.of(ErrorKind.MALFORMED_RESPONSE,
                    "Upstream for '" + d.id() + "' sent a body that is not a Responses API response");
        }
        if ("failed".equals(r.path("status").asText())) {
            throw failed(r, d);
        }
        ChatResponse response = new ChatResponse();
        response.id = r.path("id").asText(null);
        response.created = r.path("created_at").asLong();
        response.model = d.id();
        ChatResponse.Choice choice = new ChatResponse.Choice();
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode item : r.path("output")) {
            switch (item.path("type").asText()) {
                case "message" -> item.path("content").forEach(part -> text.append(part.path("text").asText("")));
                case "function_call" -> calls.add(ToolCall.function(item.path("call_id").asText(),
                        item.path("name").asText(), item.path("arguments").asText("")));
                default -> {
                    // reasoning and built-in tool items: the caller sees them in the object, the router needs none
                }
            }
        }
        choice.message = ChatMessage.of("assistant", text.toString());
        choice.message.toolCalls = calls.isEmpty() ? null : calls;
        choice.finishReason = finishReason(r, !calls.isEmpty());
        response.choices = List.of(choice);
        response.usage = usage(r.get("usage"));
        response.responsesObject = (ObjectNode) r;
        return response;
    }

    /** Chat Completions' finish reason for a finished response. */
    static String finishReason(JsonNode response, boolean toolCalls) {
        String incomplete = response.path("incomplete_details").path("reason").asText("");
        return incomplete.equals("max_output_tokens") ? "length"
                : incomplete.equals("content_filter") ? "content_filter"
                : toolCalls ? "tool_calls" : "stop";
    }

    /** The Responses API's usage in the canonical form; null when the upstream reported none. */
    static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        Usage usage = Usage.of(u.path("input_tokens").asInt(), u.path("output_tokens").asInt());
        if (u.path("total_tokens").isNumber()) {
            usage.totalTokens = u.path("total_tokens").asInt();
        }
        JsonNode cached = u.path("input_tokens_details").path("cached_tokens");
        if (cached.isNumber()) {
            usage.promptTokensDetails = new Usage.TokenDetails();
            usage.promptTokensDetails.cachedTokens = cached.asInt();
        }
        return usage;
    }

    /**
     * A response that failed upstream ({@code response.failed}'s response, or an {@code error} event): judged by its
     * code, as a status would be. The caller's own bad input (a prompt or image the model refuses) is a 400 that no
     * other provider would take either; a rate limit is one; anything else is a server error, which fails over.
     */
    static LlmException failed(JsonNode failure, Deployment d) {
        JsonNode error = failure.path("error").isObject() ? failure.path("error") : failure;
        String message = OpenAiErrors.redact(error.path("message").asText("no reason given"), d.provider().apiKey());
        String code = error.path("code").asText("");
        String summary = "Upstream for '" + d.id() + "' failed the response: " + message;
        if (code.equals("rate_limit_exceeded")) {
            return LlmException.of(ErrorKind.RATE_LIMITED, summary);
        }
        if (code.startsWith("invalid_") || code.startsWith("image_") || code.equals("empty_image_file")) {
            return LlmException.of(ErrorKind.UPSTREAM_BAD_REQUEST, 400, summary, null, code, null, null);
        }
        return LlmException.of(ErrorKind.SERVER_ERROR, summary);
    }
}
