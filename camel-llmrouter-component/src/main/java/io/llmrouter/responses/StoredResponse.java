package io.llmrouter.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Json;

/**
 * A response kept for {@code previous_response_id} and {@code GET /v1/responses/{id}}.
 *
 * @param owner        the virtual key's id that made it ({@link #ANONYMOUS} when keys are off): nobody else sees it
 * @param conversation every input item up to this response (its ancestors' inputs and outputs, then its own input)
 * @param response     the response object as it was answered
 */
public record StoredResponse(String owner, ArrayNode conversation, ObjectNode response) {

    /** The owner of responses made when nobody is asked for a key. */
    public static final String ANONYMOUS = "anonymous";

    /** The conversation a follow-up continues from: this one's items, then its output items. */
    public ArrayNode continued() {
        ArrayNode items = conversation.deepCopy();
        for (JsonNode item : response.path("output")) {
            items.add(item);
        }
        return items;
    }

    /** As one JSON text, for stores that keep strings (Hazelcast). */
    public String toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode().put("owner", owner);
        node.set("conversation", conversation);
        node.set("response", response);
        return Json.string(node);
    }

    public static StoredResponse fromJson(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return new StoredResponse(node.path("owner").asText(), (ArrayNode) node.get("conversation"),
                    (ObjectNode) node.get("response"));
        } catch (Exception e) {
            throw new IllegalStateException("a stored response is not readable", e);
        }
    }
}
