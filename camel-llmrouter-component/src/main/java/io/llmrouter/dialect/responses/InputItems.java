package io.llmrouter.dialect.responses;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ContentPart;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.RequestLimits;
import io.llmrouter.api.ToolCall;

/**
 * The Responses API's input items as canonical chat messages: messages (input_text, input_image and output_text
 * parts), function_call items (an assistant's tool calls) and function_call_output items (tool results). Reasoning
 * items are dropped: other models neither need nor accept them. Every problem is a 400 naming the item.
 */
final class InputItems {

    private InputItems() {
    }

    /** A string input is one user message; items are kept as they came (each checked here). */
    static ArrayNode normalize(JsonNode input) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        if (input.isTextual()) {
            items.addObject().put("type", "message").put("role", "user").put("content", input.asText());
            return withIds(items);
        }
        if (!input.isArray()) {
            throw LlmException.invalid("input", "Invalid type for 'input': expected a string or an array of items.");
        }
        RequestLimits.check("input", input.size(), RequestLimits.MESSAGES);
        for (JsonNode item : input) {
            items.add(item.deepCopy());
        }
        messages(items); // to check them now, with the caller's indexes in the messages
        return withIds(items);
    }

    /** Gives each item without an id one, as OpenAI does, so the stored input can be listed and paged by id. */
    static ArrayNode withIds(ArrayNode items) {
        for (JsonNode item : items) {
            if (item instanceof ObjectNode o && !o.hasNonNull("id")) {
                String type = o.path("type").asText("message");
                o.put("id", ResponseObject.itemId(type.equals("function_call") ? "fc"
                        : type.equals("function_call_output") ? "fco" : "msg"));
            }
        }
        return items;
    }

    /**
     * The items for an upstream that serves the Responses API but keeps nothing ({@code store: false}): without ids
     * (the router's, or another upstream's, name nothing there) and without reasoning items (which it could only
     * take back with their encrypted content).
     */
    static ArrayNode forUpstream(ArrayNode items) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode item : items) {
            if (!"reasoning".equals(item.path("type").asText())) {
                ObjectNode copy = ((ObjectNode) item).deepCopy();
                copy.remove(List.of("id", "status"));
                out.add(copy);
            }
        }
        return out;
    }

    static List<ChatMessage> messages(ArrayNode items) {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String where = "input[" + i + "]";
            if (!item.isObject()) {
                throw LlmException.invalid(where, "Invalid type for '" + where + "': expected an object.");
            }
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            switch (type) {
                case "message" -> out.add(message(item, where));
                case "function_call" -> functionCall(item, where, out);
                case "function_call_output" -> out.add(functionOutput(item, where));
                case "reasoning" -> {
                    // a model's earlier reasoning: not carried to other models
                }
                default -> throw LlmException.invalid(where + ".type", "Invalid value for '" + where + ".type': '"
                        + type + "'. The router supports 'message', 'function_call', 'function_call_output' and "
                        + "'reasoning' items.");
            }
        }
        return out;
    }

    private static ChatMessage message(JsonNode item, String where) {
        String role = item.path("role").asText("");
        if (!List.of("user", "assistant", "system", "developer").contains(role)) {
            throw LlmException.invalid(where + ".role", "Invalid value for '" + where + ".role': '" + role
                    + "'. Supported values are: 'user', 'assistant', 'system' and 'developer'.");
        }
        JsonNode content = item.get("content");
        if (content != null && content.isTextual()) {
            return ChatMessage.of(role, content.asText());
        }
        if (content == null || !content.isArray()) {
            throw LlmException.invalid(where + ".content", "Invalid type for '" + where
                    + ".content': expected a string or an array of content parts.");
        }
        RequestLimits.check(where + ".content", content.size(), RequestLimits.CONTENT_PARTS);
        List<ContentPart> parts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String at = where + ".content[" + j + "]";
            String type = part.path("type").asText("");
            switch (type) {
                case "input_text", "output_text", "text" -> parts.add(ContentPart.text(text(part, "text", at)));
                case "refusal" -> parts.add(ContentPart.text(text(part, "refusal", at)));
                case "input_image" -> {
                    JsonNode url = part.get("image_url");
                    if (url == null || !url.isTextual()) {
                        throw LlmException.invalid(at + ".image_url", "Missing required parameter: '" + at
                                + ".image_url' (the router takes images by URL or data URL, not by file_id).");
                    }
                    ContentPart image = ContentPart.image(url.asText());
                    if (part.hasNonNull("detail")) {
                        image.imageUrl.detail = part.get("detail").asText();
                    }
                    parts.add(image);
                }
                default -> throw LlmException.invalid(at + ".type", "Invalid value for '" + at + ".type': '" + type
                        + "'. The router supports 'input_text', 'input_image' and 'output_text' parts.");
            }
        }
        ChatMessage m = new ChatMessage();
        m.role = role;
        boolean onlyText = parts.stream().allMatch(p -> "text".equals(p.type));
        m.content = onlyText ? MessageContent.text(parts.stream().map(p -> p.text).reduce("", String::concat))
                : MessageContent.parts(parts);
        return m;
    }

    /** Consecutive calls become one assistant message, as Chat Completions has them; so does text just before them. */
    private static void functionCall(JsonNode item, String where, List<ChatMessage> out) {
        ToolCall call = ToolCall.function(text(item, "call_id", where), text(item, "name", where),
                text(item, "arguments", where));
        ChatMessage last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && "assistant".equals(last.role)) {
            if (last.toolCalls == null) {
                last.toolCalls = new ArrayList<>();
            }
            last.toolCalls.add(call);
            return;
        }
        ChatMessage m = new ChatMessage();
        m.role = "assistant";
        m.toolCalls = new ArrayList<>(List.of(call));
        out.add(m);
    }

    private static ChatMessage functionOutput(JsonNode item, String where) {
        ChatMessage m = new ChatMessage();
        m.role = "tool";
        m.toolCallId = text(item, "call_id", where);
        JsonNode output = item.get("output");
        if (output != null && output.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : output) {
                text.append(part.path("text").asText(""));
            }
            m.content = MessageContent.text(text.toString());
        } else {
            m.content = MessageContent.text(text(item, "output", where));
        }
        return m;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw LlmException.invalid(where + "." + field, "Missing required parameter: '" + where + "." + field
                    + "'.");
        }
        if (!v.isTextual()) {
            throw LlmException.invalid(where + "." + field, "Invalid type for '" + where + "." + field
                    + "': expected a string.");
        }
        return v.asText();
    }
}
