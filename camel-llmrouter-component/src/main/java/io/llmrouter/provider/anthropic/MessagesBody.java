package io.llmrouter.provider.anthropic;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ContentPart;
import io.llmrouter.api.Json;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.Tool;
import io.llmrouter.api.ToolCall;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.ContentBlocks;
import io.llmrouter.provider.StopSequences;
import io.llmrouter.provider.StructuredOutput;
import io.llmrouter.provider.Turns;

/**
 * The body of {@code POST /v1/messages} for a canonical request. Anthropic differs from OpenAI in ways that matter
 * here: the system prompt is a top-level field, tool results are user content blocks, turns must alternate (so
 * consecutive same-role turns are merged), and {@code max_tokens} is required. OpenAI-only fields are not sent.
 */
final class MessagesBody {

    /** Output tokens asked for when neither the caller nor the catalog says. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private MessagesBody() {
    }

    static ObjectNode of(Deployment d, ChatRequest r, boolean stream) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", d.model().upstream());
        Integer max = r.requestedMaxOutput();
        body.put("max_tokens", max != null ? max
                : d.model().maxOutputTokens() > 0 ? d.model().maxOutputTokens() : DEFAULT_MAX_TOKENS);
        ArrayNode system = Json.MAPPER.createArrayNode();
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : r.messages) {
            switch (m.role) {
                case "system", "developer" -> {
                    if (m.content != null) {
                        system(m.content, system);
                    }
                }
                case "assistant" -> Turns.append(messages, "assistant", assistantBlocks(m));
                case "tool", "function" -> Turns.append(messages, "user", toolResult(m));
                default -> Turns.append(messages, "user", blocks(m.content));
            }
        }
        if (system.size() == 1 && !system.get(0).has(CacheBreakpoints.CACHE_CONTROL)) {
            body.put("system", system.get(0).path("text").asText());
        } else if (!system.isEmpty()) {
            body.set("system", system);
        }
        StopSequences.put(body, "stop_sequences", r.stop);
        if (r.temperature != null) {
            // OpenAI allows up to 2, Anthropic up to 1: the caller's "very random" is Anthropic's most random
            body.put("temperature", Math.min(1.0, r.temperature));
        }
        if (r.topP != null) {
            body.put("top_p", r.topP);
        }
        if (r.user != null) {
            body.putObject("metadata").put("user_id", r.user);
        }
        if (r.hasTools()) {
            tools(body, r);
        }
        JsonNode schema = StructuredOutput.schema(r);
        if (schema != null) {
            ObjectNode structured = (body.has("tools") ? (ArrayNode) body.get("tools") : body.putArray("tools")).addObject()
                    .put("name", StructuredOutput.TOOL).put("description", StructuredOutput.DESCRIPTION);
            structured.set("input_schema", schema);
            body.set("tool_choice", Json.MAPPER.createObjectNode().put("type", "tool").put("name", StructuredOutput.TOOL));
        }
        if (stream) {
            body.put("stream", true);
        }
        if (CacheBreakpoints.wanted(r, d.provider().settings() instanceof AnthropicSettings s ? s : null)) {
            CacheBreakpoints.mark(body);
        }
        return body;
    }

    /** A system message as one text block, or one per part when the caller marked a part for the cache. */
    private static void system(MessageContent content, ArrayNode system) {
        List<ContentPart> parts = content.isText() ? List.of() : content.parts().stream()
                .filter(p -> "text".equals(p.type) && p.text != null && !p.text.isEmpty()).toList();
        if (parts.stream().noneMatch(p -> p.extra().containsKey(CacheBreakpoints.CACHE_CONTROL))) {
            system.addObject().put("type", "text").put("text", content.asText());
            return;
        }
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        parts.forEach(p -> blocks.addObject().put("type", "text").put("text", p.text));
        CacheBreakpoints.carry(parts, blocks);
        system.addAll(blocks);
    }

    private static void tools(ObjectNode body, ChatRequest r) {
        ArrayNode tools = body.putArray("tools");
        for (Tool t : r.tools) {
            ObjectNode tool = tools.addObject().put("name", t.function.name);
            if (t.function.description != null) {
                tool.put("description", t.function.description);
            }
            JsonNode schema = t.function.parameters;
            if (schema == null || schema.isNull()) {
                // Anthropic requires a schema; a function without parameters takes an empty object
                schema = Json.MAPPER.createObjectNode().put("type", "object").set("properties",
                        Json.MAPPER.createObjectNode());
            }
            tool.set("input_schema", schema);
        }
        ObjectNode choice = null;
        JsonNode c = r.toolChoice;
        if (c != null && c.isTextual()) {
            choice = Json.MAPPER.createObjectNode().put("type", switch (c.asText()) {
                case "required" -> "any";
                case "none" -> "none";
                default -> "auto";
            });
        } else if (c != null && c.isObject() && c.path("function").hasNonNull("name")) {
            choice = Json.MAPPER.createObjectNode().put("type", "tool").put("name", c.path("function").path("name").asText());
        }
        if (Boolean.FALSE.equals(r.parallelToolCalls)) {
            if (choice == null) {
                choice = Json.MAPPER.createObjectNode().put("type", "auto");
            }
            if (!"none".equals(choice.path("type").asText())) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (choice != null) {
            body.set("tool_choice", choice);
        }
    }


    private static ArrayNode assistantBlocks(ChatMessage m) {
        ArrayNode blocks = blocks(m.content);
        if (m.toolCalls != null) {
            for (ToolCall call : m.toolCalls) {
                ObjectNode use = blocks.addObject().put("type", "tool_use").put("id", call.id)
                        .put("name", call.function == null ? null : call.function.name);
                use.set("input", call.argumentsObject("Anthropic"));
            }
        }
        return blocks;
    }


    private static ArrayNode toolResult(ChatMessage m) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        ObjectNode result = blocks.addObject().put("type", "tool_result").put("tool_use_id", m.toolCallId);
        if (m.content != null) {
            if (m.content.isText()) {
                result.put("content", m.content.asText());
            } else {
                result.set("content", blocks(m.content));
            }
        }
        return blocks;
    }

    private static ArrayNode blocks(MessageContent content) {
        ArrayNode blocks = ContentBlocks.of(content, "Anthropic", text -> Json.MAPPER.createObjectNode()
                .put("type", "text").put("text", text), MessagesBody::image);
        if (content != null && !content.isText()) {
            CacheBreakpoints.carry(ContentBlocks.kept(content, "Anthropic"), blocks);
        }
        return blocks;
    }

    private static ObjectNode image(String url) {
        ObjectNode block = Json.MAPPER.createObjectNode().put("type", "image");
        ObjectNode source = block.putObject("source");
        int comma = url.indexOf(',');
        if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
            source.put("type", "base64").put("media_type", url.substring(5, comma - ";base64".length()))
                    .put("data", url.substring(comma + 1));
        } else {
            source.put("type", "url").put("url", url);
        }
        return block;
    }
}
