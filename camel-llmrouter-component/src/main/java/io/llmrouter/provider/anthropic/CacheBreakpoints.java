package io.llmrouter.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Json;
import io.llmrouter.dialect.openai.OpenAiFields;

/**
 * Anthropic caches a prompt's prefix only up to blocks marked {@code cache_control} (at most four). For a request that
 * follows its prefix to one deployment (the router's cache affinity sets {@code prompt_cache_key}, as may the caller),
 * two marks cover what the next turn repeats: the end of the tools and system prompt, which requests share, and the
 * end of the conversation before its last turn. A caller who placed marks of its own keeps exactly those.
 */
final class CacheBreakpoints {

    static final String CACHE_CONTROL = "cache_control";

    private CacheBreakpoints() {
    }

    static boolean wanted(ChatRequest r, AnthropicSettings settings) {
        return (settings == null || settings.promptCaching()) && r.extra().get(OpenAiFields.PROMPT_CACHE_KEY) instanceof String;
    }

    /** Marks the body's shared prefix, unless some block of it is marked already. */
    static void mark(ObjectNode body) {
        if (marked(body)) {
            return;
        }
        JsonNode system = body.get("system");
        if (system != null && system.isTextual()) {
            ArrayNode blocks = Json.MAPPER.createArrayNode();
            blocks.addObject().put("type", "text").put("text", system.asText());
            body.set("system", blocks);
            system = blocks;
        }
        JsonNode tools = body.path("tools");
        if (system != null && !system.isEmpty()) {
            ephemeral(system.get(system.size() - 1));
        } else if (!tools.isEmpty()) {
            ephemeral(tools.get(tools.size() - 1));
        }
        JsonNode messages = body.path("messages");
        if (messages.size() >= 2) {
            JsonNode before = messages.get(messages.size() - 2).path("content");
            if (!before.isEmpty()) {
                ephemeral(before.get(before.size() - 1));
            }
        }
    }

    private static boolean marked(ObjectNode body) {
        for (JsonNode block : body.path("system")) {
            if (block.has(CACHE_CONTROL)) {
                return true;
            }
        }
        for (JsonNode tool : body.path("tools")) {
            if (tool.has(CACHE_CONTROL)) {
                return true;
            }
        }
        for (JsonNode m : body.path("messages")) {
            for (JsonNode block : m.path("content")) {
                if (block.has(CACHE_CONTROL)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A caller's mark on a content part (OpenAI-shaped requests carry Anthropic's field), kept on its block. */
    static void carry(java.util.List<io.llmrouter.api.ContentPart> parts, ArrayNode blocks) {
        for (int i = 0; i < parts.size(); i++) {
            Object mark = parts.get(i).extra().get(CACHE_CONTROL);
            if (mark != null) {
                ((ObjectNode) blocks.get(i)).set(CACHE_CONTROL, Json.MAPPER.valueToTree(mark));
            }
        }
    }

    private static void ephemeral(JsonNode block) {
        ((ObjectNode) block).putObject(CACHE_CONTROL).put("type", "ephemeral");
    }
}
