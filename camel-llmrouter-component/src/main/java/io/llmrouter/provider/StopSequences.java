package io.llmrouter.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** OpenAI's {@code stop} (one string or a list) as the list the native APIs take. */
public final class StopSequences {

    private StopSequences() {
    }

    /** Sets {@code field} of the target to the stop sequences; nothing when the request has none. */
    public static void put(ObjectNode target, String field, JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return;
        }
        ArrayNode stops = target.putArray(field);
        if (stop.isArray()) {
            stop.forEach(s -> stops.add(s.asText()));
        } else {
            stops.add(stop.asText());
        }
    }
}
