package io.llmrouter.dialect.anthropic;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ContentPart;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.api.RequestLimits;
import io.llmrouter.api.Tool;
import io.llmrouter.api.ToolCall;

/**
 * Reads a caller's Anthropic Messages request ({@code POST /v1/messages} or {@code /v1/messages/count_tokens}) into
 * the canonical request, so the engine can route it to any model of the catalog. Every problem is a 400 naming the
 * field, as Anthropic's own errors do. Fields with no canonical counterpart (top_k, thinking) are dropped; the
 * gateway's own {@code cache} object is kept as an extra, as the chat reader keeps it.
 */
public final class AnthropicRequestReader {

    private AnthropicRequestReader() {
    }

    /** A Messages request: model, max_tokens and messages are required, as Anthropic requires them. */
    public static ChatRequest readMessages(byte[] body) {
        return read(body, true);
    }

    /** A count_tokens request: as a Messages request, without max_tokens. */
    public static ChatRequest readCountTokens(byte[] body) {
        return read(body, false);
    }

    private static ChatRequest read(byte[] body, boolean messagesCall) {
        JsonNode root;
        try {
            root = Json.STRICT.readTree(body);
        } catch (Exception e) {
            throw LlmException.invalid(null, "There was an issue with your request body: it is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw LlmException.invalid(null, "The request body must be a JSON object.");
        }
        ChatRequest r = new ChatRequest();
        r.model = requiredText(root, "model");
        if (messagesCall) {
            JsonNode max = root.get("max_tokens");
            if (max == null || max.isNull()) {
                throw LlmException.invalid("max_tokens", "max_tokens: Field required");
            }
            if (!max.isIntegralNumber() || !max.canConvertToInt()) {
                throw LlmException.invalid("max_tokens", "max_tokens: Input should be a valid integer");
            }
            r.maxTokens = max.asInt();
        }
        r.messages = new ArrayList<>();
        system(root.get("system"), r.messages);
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray()) {
            throw LlmException.invalid("messages", "messages: Field required");
        }
        RequestLimits.check("messages", messages.size(), RequestLimits.MESSAGES);
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages." + i, r.messages);
        }
        if (root.hasNonNull("tools")) {
            tools(root.get("tools"), r);
        }
        if (root.hasNonNull("tool_choice")) {
            toolChoice(root.get("tool_choice"), r);
        }
        if (root.hasNonNull("stop_sequences")) {
            r.stop = stopSequences(root.get("stop_sequences"));
        }
        r.temperature = number(root, "temperature");
        r.topP = number(root, "top_p");
        JsonNode user = root.path("metadata").get("user_id");
        if (user != null && user.isTextual()) {
            r.user = user.asText();
        }
        JsonNode stream = root.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw LlmException.invalid("stream", "stream: Input should be a valid boolean");
        }
        if (stream != null && stream.asBoolean()) {
            r.stream = true;
        }
        JsonNode cache = root.get("cache");
        if (cache != null) {
            r.extra("cache", cache);
        }
        return RequestCodec.validate(r);
    }

    private static void system(JsonNode system, List<ChatMessage> out) {
        if (system == null || system.isNull()) {
            return;
        }
        if (system.isTextual()) {
            out.add(ChatMessage.of("system", system.asText()));
        } else if (system.isArray()) {
            RequestLimits.check("system", system.size(), RequestLimits.CONTENT_PARTS);
            StringBuilder text = new StringBuilder();
            for (JsonNode block : system) {
                if (!"text".equals(block.path("type").asText())) {
                    throw LlmException.invalid("system", "system: only text blocks are supported");
                }
                text.append(text.isEmpty() ? "" : "\n\n").append(block.path("text").asText());
            }
            out.add(ChatMessage.of("system", text.toString()));
        } else {
            throw LlmException.invalid("system", "system: Input should be a valid string or a list of text blocks");
        }
    }

    private static void message(JsonNode m, String where, List<ChatMessage> out) {
        if (m == null || !m.isObject()) {
            throw LlmException.invalid(where, where + ": Input should be a valid dictionary");
        }
        String role = m.path("role").asText("");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw LlmException.invalid(where + ".role", where + ".role: Input should be 'user' or 'assistant'");
        }
        JsonNode content = m.get("content");
        if (content == null || content.isNull()) {
            throw LlmException.invalid(where + ".content", where + ".content: Field required");
        }
        if (content.isTextual()) {
            out.add(ChatMessage.of(role, content.asText()));
            return;
        }
        if (!content.isArray()) {
            throw LlmException.invalid(where + ".content", where + ".content: Input should be a valid string or list");
        }
        RequestLimits.check(where + ".content", content.size(), RequestLimits.CONTENT_PARTS);
        if (role.equals("assistant")) {
            out.add(assistant(content, where));
        } else {
            user(content, where, out);
        }
    }

    private static ChatMessage assistant(JsonNode blocks, String where) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : blocks) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> calls.add(ToolCall.function(block.path("id").asText(), block.path("name").asText(),
                        Json.string(block.path("input").isObject() ? block.get("input") : Json.MAPPER.createObjectNode())));
                case "thinking", "redacted_thinking" -> {
                    // a model's earlier reasoning: other models neither need nor accept it
                }
                default -> throw unsupported(where, block);
            }
        }
        ChatMessage m = new ChatMessage();
        m.role = "assistant";
        m.content = text.isEmpty() && !calls.isEmpty() ? null : MessageContent.text(text.toString());
        m.toolCalls = calls.isEmpty() ? null : calls;
        return m;
    }

    /** Tool results become tool messages, placed first: OpenAI wants them right after the assistant's tool calls. */
    private static void user(JsonNode blocks, String where, List<ChatMessage> out) {
        List<ContentPart> parts = new ArrayList<>();
        for (JsonNode block : blocks) {
            switch (block.path("type").asText()) {
                case "text" -> parts.add(ContentPart.text(block.path("text").asText()));
                case "image" -> parts.add(image(block, where));
                case "tool_result" -> {
                    ChatMessage result = new ChatMessage();
                    result.role = "tool";
                    result.toolCallId = block.path("tool_use_id").asText();
                    result.content = MessageContent.text(toolResultText(block.get("content")));
                    out.add(result);
                }
                default -> throw unsupported(where, block);
            }
        }
        if (!parts.isEmpty()) {
            ChatMessage m = new ChatMessage();
            m.role = "user";
            boolean onlyText = parts.stream().allMatch(p -> "text".equals(p.type));
            m.content = onlyText && parts.size() == 1 ? MessageContent.text(parts.get(0).text) : MessageContent.parts(parts);
            out.add(m);
        }
    }

    private static String toolResultText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                text.append(text.isEmpty() ? "" : "\n").append(block.path("text").asText());
            }
        }
        return text.toString();
    }

    private static ContentPart image(JsonNode block, String where) {
        JsonNode source = block.path("source");
        return switch (source.path("type").asText()) {
            case "base64" -> ContentPart.image("data:" + source.path("media_type").asText() + ";base64,"
                    + source.path("data").asText());
            case "url" -> ContentPart.image(source.path("url").asText());
            default -> throw LlmException.invalid(where, where + ": image.source: Input tag '"
                    + source.path("type").asText() + "' is not supported; use 'base64' or 'url'");
        };
    }

    private static void tools(JsonNode tools, ChatRequest r) {
        if (!tools.isArray()) {
            throw LlmException.invalid("tools", "tools: Input should be a valid list");
        }
        RequestLimits.check("tools", tools.size(), RequestLimits.TOOLS);
        r.tools = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            String type = t.path("type").asText("custom");
            if (!type.equals("custom")) {
                throw LlmException.invalid("tools." + i, "tools." + i + ": server tool '" + type
                        + "' is not supported by the router; only custom tools are");
            }
            Tool tool = new Tool();
            tool.type = "function";
            tool.function = new Tool.Function();
            tool.function.name = t.path("name").asText(null);
            tool.function.description = t.path("description").asText(null);
            tool.function.parameters = t.get("input_schema");
            r.tools.add(tool);
        }
    }

    private static JsonNode stopSequences(JsonNode stop) {
        if (!stop.isArray()) {
            throw LlmException.invalid("stop_sequences", "stop_sequences: Input should be a valid list");
        }
        RequestLimits.check("stop_sequences", stop.size(), RequestLimits.STOP);
        for (JsonNode s : stop) {
            if (!s.isTextual()) {
                throw LlmException.invalid("stop_sequences", "stop_sequences: Input should be a list of strings");
            }
        }
        return stop;
    }

    private static void toolChoice(JsonNode choice, ChatRequest r) {
        String type = choice.path("type").asText("");
        switch (type) {
            case "auto" -> r.toolChoice = Json.MAPPER.getNodeFactory().textNode("auto");
            case "any" -> r.toolChoice = Json.MAPPER.getNodeFactory().textNode("required");
            case "none" -> r.toolChoice = Json.MAPPER.getNodeFactory().textNode("none");
            case "tool" -> {
                var node = Json.MAPPER.createObjectNode().put("type", "function");
                node.putObject("function").put("name", choice.path("name").asText());
                r.toolChoice = node;
            }
            default -> throw LlmException.invalid("tool_choice", "tool_choice.type: Input tag '" + type
                    + "' does not match any of 'auto', 'any', 'tool', 'none'");
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            r.parallelToolCalls = false;
        }
    }

    private static LlmException unsupported(String where, JsonNode block) {
        return LlmException.invalid(where + ".content", where + ".content: blocks of type '"
                + block.path("type").asText() + "' are not supported by the router");
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            throw LlmException.invalid(field, field + ": Field required");
        }
        if (!v.isTextual()) {
            throw LlmException.invalid(field, field + ": Input should be a valid string");
        }
        return v.asText();
    }

    private static Double number(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw LlmException.invalid(field, field + ": Input should be a valid number");
        }
        return v.asDouble();
    }
}
