package io.llmrouter.provider.bedrock;

import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.Tool;
import io.llmrouter.api.ToolCall;
import io.llmrouter.provider.ContentBlocks;
import io.llmrouter.provider.StopSequences;
import io.llmrouter.provider.StructuredOutput;
import io.llmrouter.provider.Turns;

/**
 * The body of Converse and ConverseStream (the same for both; the model is in the path) for a canonical request.
 * Bedrock differs from OpenAI much as Anthropic does: the system prompt is a top-level list, tool results are user
 * content blocks, turns must alternate (consecutive same-role turns are merged), empty text blocks are rejected, and
 * images travel as bytes, so only {@code data:} URLs can be sent. OpenAI-only fields are not sent.
 */
final class ConverseBody {

    private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");

    private ConverseBody() {
    }

    static ObjectNode of(ChatRequest r) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        ArrayNode system = Json.MAPPER.createArrayNode();
        boolean toolBlocks = false;
        for (ChatMessage m : r.messages) {
            switch (m.role) {
                case "system", "developer" -> {
                    if (m.content != null && !m.content.asText().isEmpty()) {
                        system.addObject().put("text", m.content.asText());
                    }
                }
                case "assistant" -> {
                    toolBlocks |= m.toolCalls != null && !m.toolCalls.isEmpty();
                    Turns.append(messages, "assistant", assistantBlocks(m));
                }
                case "tool", "function" -> {
                    toolBlocks = true;
                    Turns.append(messages, "user", toolResult(m));
                }
                default -> Turns.append(messages, "user", blocks(m.content));
            }
        }
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        ObjectNode inference = inferenceConfig(r);
        if (!inference.isEmpty()) {
            body.set("inferenceConfig", inference);
        }
        if (r.hasTools()) {
            toolConfig(body, r, toolBlocks);
        }
        JsonNode schema = StructuredOutput.schema(r);
        if (schema != null) {
            ObjectNode config = body.has("toolConfig") ? (ObjectNode) body.get("toolConfig") : body.putObject("toolConfig");
            ArrayNode tools = config.has("tools") ? (ArrayNode) config.get("tools") : config.putArray("tools");
            ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", StructuredOutput.TOOL)
                    .put("description", StructuredOutput.DESCRIPTION);
            spec.putObject("inputSchema").set("json", schema);
            config.remove("toolChoice");
            config.putObject("toolChoice").putObject("tool").put("name", StructuredOutput.TOOL);
        }
        return body;
    }

    private static ObjectNode inferenceConfig(ChatRequest r) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        // no default from the catalog: unlike Anthropic's max_tokens, Bedrock's maxTokens is optional
        Integer max = r.requestedMaxOutput();
        if (max != null) {
            config.put("maxTokens", max);
        }
        if (r.temperature != null) {
            // OpenAI allows up to 2, Bedrock's models up to 1: the caller's "very random" is their most random
            config.put("temperature", Math.min(1.0, r.temperature));
        }
        if (r.topP != null) {
            config.put("topP", r.topP);
        }
        StopSequences.put(config, "stopSequences", r.stop);
        return config;
    }

    /**
     * Tools and the tool choice. Converse has no "none": the tools are then left out, unless the conversation holds
     * tool blocks, which Bedrock refuses without a toolConfig. An explicit "auto" is not sent either, since only some
     * model families accept a toolChoice at all and auto is the default.
     */
    private static void toolConfig(ObjectNode body, ChatRequest r, boolean toolBlocks) {
        JsonNode c = r.toolChoice;
        boolean none = c != null && c.isTextual() && c.asText().equals("none");
        if (none && !toolBlocks) {
            return;
        }
        ObjectNode config = body.putObject("toolConfig");
        ArrayNode tools = config.putArray("tools");
        for (Tool t : r.tools) {
            ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", t.function.name);
            if (t.function.description != null && !t.function.description.isEmpty()) {
                spec.put("description", t.function.description);
            }
            JsonNode schema = t.function.parameters;
            if (schema == null || schema.isNull()) {
                // Bedrock requires a schema; a function without parameters takes an empty object
                schema = Json.MAPPER.createObjectNode().put("type", "object").set("properties",
                        Json.MAPPER.createObjectNode());
            }
            spec.putObject("inputSchema").set("json", schema);
        }
        if (c != null && c.isTextual() && c.asText().equals("required")) {
            config.putObject("toolChoice").putObject("any");
        } else if (c != null && c.isObject() && c.path("function").hasNonNull("name")) {
            config.putObject("toolChoice").putObject("tool").put("name", c.path("function").path("name").asText());
        }
    }


    private static ArrayNode assistantBlocks(ChatMessage m) {
        ArrayNode blocks = blocks(m.content);
        if (m.toolCalls != null) {
            for (ToolCall call : m.toolCalls) {
                ObjectNode use = blocks.addObject().putObject("toolUse").put("toolUseId", call.id)
                        .put("name", call.function == null ? null : call.function.name);
                use.set("input", call.argumentsObject("Bedrock"));
            }
        }
        return blocks;
    }


    private static ArrayNode toolResult(ChatMessage m) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        ObjectNode result = blocks.addObject().putObject("toolResult").put("toolUseId", m.toolCallId);
        ArrayNode content = blocks(m.content);
        if (content.isEmpty()) {
            // Bedrock requires content; an empty result is an empty text, not a missing one
            content.addObject().put("text", "");
        }
        result.set("content", content);
        return blocks;
    }

    private static ArrayNode blocks(MessageContent content) {
        return ContentBlocks.of(content, "Bedrock", text -> Json.MAPPER.createObjectNode().put("text", text),
                ConverseBody::image);
    }

    private static ObjectNode image(String url) {
        int comma = url.indexOf(',');
        String header = comma > 0 ? url.substring(0, comma) : "";
        if (!url.startsWith("data:image/") || !header.endsWith(";base64")) {
            throw LlmException.invalid("messages", "Bedrock models take images as base64 data: URLs only, "
                    + "not by link.");
        }
        String format = header.substring("data:image/".length(), header.length() - ";base64".length())
                .toLowerCase(Locale.ROOT);
        format = format.equals("jpg") ? "jpeg" : format;
        if (!IMAGE_FORMATS.contains(format)) {
            throw LlmException.invalid("messages", "Bedrock models take png, jpeg, gif or webp images, not '"
                    + format + "'.");
        }
        ObjectNode block = Json.MAPPER.createObjectNode();
        block.putObject("image").put("format", format).putObject("source").put("bytes", url.substring(comma + 1));
        return block;
    }
}
