package io.llmrouter.provider.gemini;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Json;

/**
 * A JSON Schema cut down to the OpenAPI subset Gemini's {@code Schema} accepts: Gemini answers 400 ("Unknown name")
 * for any other keyword, e.g. {@code additionalProperties} or {@code $schema}, which OpenAI callers send routinely.
 * Local {@code $ref}s are inlined, a list of types becomes one type plus {@code nullable}, {@code const} an enum.
 */
final class GeminiSchema {

    private static final Set<String> KEYWORDS = Set.of("type", "format", "title", "description", "nullable", "enum",
            "maxItems", "minItems", "properties", "required", "minProperties", "maxProperties", "minLength",
            "maxLength", "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
    /** Deep enough for real schemas, shallow enough that a recursive $ref ends. */
    private static final int MAX_DEPTH = 16;

    private GeminiSchema() {
    }

    static JsonNode clean(JsonNode schema) {
        return clean(schema, schema, 0);
    }

    /** True for a schema that describes an object without properties, which Gemini rejects as function parameters. */
    static boolean isEmptyObject(JsonNode schema) {
        return schema == null || schema.isNull() || schema.isObject() && schema.path("properties").isEmpty()
                && (!schema.has("type") || "object".equals(schema.path("type").asText()));
    }

    private static JsonNode clean(JsonNode node, JsonNode root, int depth) {
        if (!node.isObject() || depth > MAX_DEPTH) {
            return node.isObject() ? Json.MAPPER.createObjectNode() : node;
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual() && ref.asText().startsWith("#/")) {
            JsonNode target = root.at(ref.asText().substring(1));
            if (!target.isMissingNode()) {
                return clean(target, root, depth + 1);
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = f.getKey();
            JsonNode value = f.getValue();
            switch (key) {
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    value.fields().forEachRemaining(p -> props.set(p.getKey(), clean(p.getValue(), root, depth + 1)));
                }
                case "items" -> out.set("items", clean(value, root, depth + 1));
                case "anyOf" -> {
                    ArrayNode any = out.putArray("anyOf");
                    value.forEach(v -> any.add(clean(v, root, depth + 1)));
                }
                case "type" -> type(out, value);
                case "const" -> out.putArray("enum").add(value.asText());
                default -> {
                    if (KEYWORDS.contains(key)) {
                        out.set(key, value);
                    }
                }
            }
        }
        return out;
    }

    private static void type(ObjectNode out, JsonNode type) {
        if (!type.isArray()) {
            out.set("type", type);
            return;
        }
        for (JsonNode t : type) {
            if ("null".equals(t.asText())) {
                out.put("nullable", true);
            } else if (!out.has("type")) {
                out.put("type", t.asText());
            }
        }
    }
}
