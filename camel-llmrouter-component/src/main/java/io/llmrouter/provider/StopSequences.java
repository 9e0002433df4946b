package io.llmrouter.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** OpenAI's {@code stop} (one string or a list) as the list the native APIs take. */
public final class StopSequences {

    private StopSequences() {
    }

    /** The stop sequences as a list; empty when the request has none. */
    public static java.util.List<String> list(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return java.util.List.of();
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        if (stop.isArray()) {
            stop.forEach(s -> out.add(s.asText()));
        } else {
            out.add(stop.asText());
        }
        return out;
    }

    /** Sets {@code field} of the target to the stop sequences; nothing when the request has none. */
    public static void put(ObjectNode target, String field, JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return;
        }
        ArrayNode stops = target.putArray(field);
        list(stop).forEach(stops::add);
    }
}
