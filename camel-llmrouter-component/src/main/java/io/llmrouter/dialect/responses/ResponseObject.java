package io.llmrouter.dialect.responses;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.Json;
import io.llmrouter.api.ToolCall;
import io.llmrouter.api.Usage;

/**
 * The Responses API's {@code response} object and its output items, built from a canonical answer: the assistant's
 * text as a message item with one output_text part, each tool call as a function_call item. An upstream that served
 * the request natively made its own object: that one is passed on, under the router's id.
 */
public final class ResponseObject {

    private ResponseObject() {
    }

    /** A new response id, as OpenAI spells them. */
    public static String newId() {
        return "resp_" + hex();
    }

    static String itemId(String prefix) {
        return prefix + "_" + hex();
    }

    private static String hex() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The response with no output yet: what {@code response.created} shows, and what the final one starts from. */
    static ObjectNode skeleton(String id, long createdAt, String model, ObjectNode echo, String status) {
        ObjectNode r = Json.MAPPER.createObjectNode().put("id", id).put("object", "response")
                .put("created_at", createdAt).put("status", status);
        r.putNull("error");
        r.putNull("incomplete_details");
        r.put("model", model);
        r.putArray("output");
        r.putObject("reasoning").putNull("effort").putNull("summary");
        r.put("truncation", "disabled");
        r.setAll(echo);
        r.putNull("usage");
        return r;
    }

    /** The complete response for a plain (non-streamed) answer. */
    public static ObjectNode of(String id, ChatResponse answer, ObjectNode echo) {
        if (answer.responsesObject != null) {
            return overlay(answer.responsesObject.deepCopy(), id, answer.model, echo);
        }
        ChatResponse.Choice choice = answer.choices == null || answer.choices.isEmpty() ? null : answer.choices.get(0);
        ObjectNode r = skeleton(id, answer.created > 0 ? answer.created : System.currentTimeMillis() / 1000,
                answer.model, echo, "completed");
        ArrayNode output = (ArrayNode) r.get("output");
        ChatMessage message = choice == null ? null : choice.message;
        if (message != null && message.content != null && !message.content.asText().isEmpty()) {
            output.add(messageItem(itemId("msg"), message.content.asText(), "completed"));
        }
        if (message != null && message.toolCalls != null) {
            for (ToolCall call : message.toolCalls) {
                output.add(functionCall(itemId("fc"), call.id, call.function == null ? null : call.function.name,
                        call.function == null ? "" : call.function.arguments, "completed"));
            }
        }
        finish(r, choice == null ? null : choice.finishReason, answer.usage);
        return r;
    }

    /**
     * An upstream's own response object as the caller's: the router's id (stored under it, so a follow-up may go to
     * any provider), the deployment as its model, and the caller's {@code store} and {@code previous_response_id}
     * (the upstream was sent neither).
     */
    static ObjectNode overlay(ObjectNode upstream, String id, String model, JsonNode echo) {
        upstream.put("id", id);
        if (model != null) {
            upstream.put("model", model);
        }
        upstream.set("store", echo.get("store"));
        upstream.set("previous_response_id", echo.get("previous_response_id"));
        return upstream;
    }

    /** Sets the status from the finish reason, and the usage. */
    static void finish(ObjectNode r, String finishReason, Usage usage) {
        String incomplete = "length".equals(finishReason) ? "max_output_tokens"
                : "content_filter".equals(finishReason) ? "content_filter" : null;
        if (incomplete != null) {
            r.put("status", "incomplete");
            r.putObject("incomplete_details").put("reason", incomplete);
        } else {
            r.put("status", "completed");
        }
        r.set("usage", usage(usage));
    }

    static ObjectNode messageItem(String id, String text, String status) {
        ObjectNode item = Json.MAPPER.createObjectNode().put("id", id).put("type", "message").put("status", status)
                .put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(textPart(text));
        }
        return item;
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = Json.MAPPER.createObjectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    static ObjectNode functionCall(String id, String callId, String name, String arguments, String status) {
        return Json.MAPPER.createObjectNode().put("id", id).put("type", "function_call").put("status", status)
                .put("arguments", arguments == null ? "" : arguments).put("call_id", callId).put("name", name);
    }

    static ObjectNode usage(Usage u) {
        if (u == null) {
            return null;
        }
        ObjectNode usage = Json.MAPPER.createObjectNode().put("input_tokens", u.promptTokens);
        usage.putObject("input_tokens_details").put("cached_tokens", u.cachedTokens());
        usage.put("output_tokens", u.completionTokens);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", u.totalTokens > 0 ? u.totalTokens : u.promptTokens + u.completionTokens);
        return usage;
    }
}
