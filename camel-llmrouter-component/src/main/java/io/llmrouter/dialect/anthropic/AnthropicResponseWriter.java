package io.llmrouter.dialect.anthropic;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.Json;
import io.llmrouter.api.ToolCall;
import io.llmrouter.api.Usage;
import io.llmrouter.provider.anthropic.StopReasons;

/**
 * Writes Anthropic's answers: a canonical chat completion as a Messages answer ({@code "type":"message"}), and a
 * token count as count_tokens' answer.
 */
public final class AnthropicResponseWriter {

    private AnthropicResponseWriter() {
    }

    /** The answer's JSON bytes. */
    public static byte[] bytes(ChatResponse response) {
        return Json.bytes(message(response));
    }

    /** count_tokens' answer, {@code {"input_tokens":N}}. */
    public static byte[] countTokens(int inputTokens) {
        return Json.bytes(Json.MAPPER.createObjectNode().put("input_tokens", inputTokens));
    }

    static ObjectNode message(ChatResponse response) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("id", messageId(response.id));
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", response.model);
        ArrayNode content = m.putArray("content");
        ChatResponse.Choice choice = response.choices == null || response.choices.isEmpty() ? null
                : response.choices.get(0);
        ChatMessage message = choice == null ? null : choice.message;
        if (message != null && message.content != null && !message.content.asText().isEmpty()) {
            content.addObject().put("type", "text").put("text", message.content.asText());
        }
        if (message != null && message.toolCalls != null) {
            for (ToolCall call : message.toolCalls) {
                content.addObject().put("type", "tool_use").put("id", call.id)
                        .put("name", call.function == null ? null : call.function.name)
                        .set("input", input(call.function == null ? null : call.function.arguments));
            }
        }
        m.put("stop_reason", StopReasons.toStopReason(choice == null ? null : choice.finishReason));
        m.putNull("stop_sequence");
        m.set("usage", usage(response.usage));
        return m;
    }

    /** Anthropic's usage: {@code input_tokens} counts what was not read from the cache. */
    static ObjectNode usage(Usage u) {
        ObjectNode usage = Json.MAPPER.createObjectNode();
        int prompt = u == null ? 0 : u.promptTokens;
        int cached = u == null ? 0 : u.cachedTokens();
        usage.put("input_tokens", Math.max(0, prompt - cached));
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", cached);
        usage.put("output_tokens", u == null ? 0 : u.completionTokens);
        return usage;
    }

    /** Anthropic's ids start with msg_; an OpenAI id is kept after that prefix, so logs can still be matched. */
    static String messageId(String id) {
        if (id == null || id.isEmpty()) {
            return "msg_" + UUID.randomUUID().toString().replace("-", "");
        }
        return id.startsWith("msg_") ? id : "msg_" + id;
    }

    /** A tool call's arguments as the input object Anthropic clients expect; text that is no JSON object is kept. */
    static JsonNode input(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(arguments);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (Exception e) {
            // kept as text below
        }
        return Json.MAPPER.createObjectNode().put("arguments", arguments);
    }
}
