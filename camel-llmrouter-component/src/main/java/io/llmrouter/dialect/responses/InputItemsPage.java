package io.llmrouter.dialect.responses;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;

/**
 * {@code GET /v1/responses/{id}/input_items}: a stored response's input (every item the model was given, earlier turns
 * included) as OpenAI's cursor-paged list: {@code data}, {@code first_id}, {@code last_id}, {@code has_more};
 * {@code order} {@code desc} (the default, newest first) or {@code asc}, {@code limit} 1 to 100 (20), {@code after}
 * an item id of the previous page. Messages given as a string come back with their text as one content part.
 */
public final class InputItemsPage {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private InputItemsPage() {
    }

    /** @param limit, order, after the query parameters as given, each null when absent */
    public static ObjectNode of(ArrayNode items, String limit, String order, String after) {
        int size = limit(limit);
        List<JsonNode> ordered = new ArrayList<>();
        items.forEach(ordered::add);
        if (order == null || order.equals("desc")) {
            Collections.reverse(ordered);
        } else if (!order.equals("asc")) {
            throw LlmException.invalid("order", "Invalid value for 'order': '" + order
                    + "'. Supported values are: 'asc' and 'desc'.");
        }
        int from = 0;
        if (after != null) {
            from = indexOf(ordered, after) + 1;
            if (from == 0) {
                throw LlmException.invalid("after", "Invalid value for 'after': no input item with id '" + after
                        + "' in this response.");
            }
        }
        List<JsonNode> page = ordered.subList(from, Math.min(ordered.size(), from + size));
        ObjectNode list = Json.MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        page.forEach(item -> data.add(listed(item)));
        list.put("first_id", page.isEmpty() ? null : page.get(0).path("id").asText());
        list.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).path("id").asText());
        list.put("has_more", from + page.size() < ordered.size());
        return list;
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw LlmException.invalid("limit", "Invalid value for 'limit': '" + limit + "'. Expected an integer from 1 to "
                + MAX_LIMIT + ".");
    }

    private static int indexOf(List<JsonNode> items, String id) {
        for (int i = 0; i < items.size(); i++) {
            if (id.equals(items.get(i).path("id").asText(null))) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectNode listed(JsonNode item) {
        ObjectNode copy = ((ObjectNode) item).deepCopy();
        if (copy.path("content").isTextual()) {
            String role = copy.path("role").asText();
            ObjectNode part = Json.MAPPER.createObjectNode()
                    .put("type", role.equals("assistant") ? "output_text" : "input_text")
                    .put("text", copy.get("content").asText());
            copy.putArray("content").add(part);
        }
        if (!copy.has("type")) {
            copy.put("type", "message");
        }
        return copy;
    }
}
