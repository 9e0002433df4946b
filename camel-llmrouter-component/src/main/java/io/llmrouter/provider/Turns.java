package io.llmrouter.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** Conversation turns for wire formats whose roles must alternate (Anthropic's Messages, Bedrock's Converse). */
public final class Turns {

    private Turns() {
    }

    /** Adds a turn of content blocks, merged into the previous one when it has the same role; empty turns are dropped. */
    public static void append(ArrayNode messages, String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("content")).addAll(blocks);
        } else {
            messages.addObject().put("role", role).set("content", blocks);
        }
    }
}
