package io.llmrouter.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;

/** Reading what upstreams send, which may be anything: a parse failure is an answer the caller checks, not a throw. */
public final class WireJson {

    private WireJson() {
    }

    /** The body as JSON; null when it is empty or not JSON. */
    public static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    /** The text as JSON; null when it is empty or not JSON. */
    public static JsonNode parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    /** The field as text, null when the node or the field is missing or null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
