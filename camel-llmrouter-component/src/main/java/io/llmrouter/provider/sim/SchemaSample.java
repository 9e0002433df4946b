package io.llmrouter.provider.sim;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Json;

/**
 * A value that a JSON schema accepts, made up as a model would fill it in: what the simulator answers for structured
 * output ({@code response_format: json_schema}) and tool arguments. Covers what OpenAI's structured outputs accept and
 * what Zod and Pydantic emit: objects (every property, required or not), arrays (of their {@code minItems}, at least
 * one item), enums and consts, strings of a known {@code format} or length, numbers and integers within their bounds,
 * booleans, null, type unions, {@code anyOf}/{@code oneOf}/{@code allOf} (the first branch) and local {@code $ref}s
 * ({@code #/$defs/...}). Recursive schemas stop nesting once deep: then only required properties and minimal arrays.
 */
final class SchemaSample {

    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
    private static final int DEEP = 6;
    private static final int MAX_DEPTH = 32;

    private final JsonNode root;

    private SchemaSample(JsonNode root) {
        this.root = root;
    }

    /** A value the schema accepts; an empty object for a missing schema (tool parameters may be left out). */
    static JsonNode of(JsonNode schema) {
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            return Json.MAPPER.createObjectNode();
        }
        return new SchemaSample(schema).value(schema, 0);
    }

    private JsonNode value(JsonNode schema, int depth) {
        if (depth > MAX_DEPTH || !schema.isObject()) {
            return NODES.nullNode(); // a schema of true (anything), or a reference loop with no way out
        }
        if (schema.has("$ref")) {
            return value(resolve(schema.get("$ref").asText()), depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0);
        }
        for (String branches : new String[] { "anyOf", "oneOf", "allOf" }) {
            if (schema.path(branches).isArray() && !schema.get(branches).isEmpty()) {
                return value(allOf(schema, branches), depth + 1);
            }
        }
        return switch (type(schema)) {
            case "object" -> object(schema, depth);
            case "array" -> array(schema, depth);
            case "integer" -> NODES.numberNode(Math.round(number(schema, true)));
            case "number" -> NODES.numberNode(number(schema, false));
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(string(schema));
        };
    }

    /** The first branch, or for allOf every branch's properties merged (the usual use: an extended object). */
    private JsonNode allOf(JsonNode schema, String branches) {
        if (!branches.equals("allOf")) {
            return schema.get(branches).get(0);
        }
        ObjectNode merged = Json.MAPPER.createObjectNode();
        ObjectNode properties = merged.putObject("properties");
        ArrayNode required = merged.putArray("required");
        for (JsonNode branch : schema.get("allOf")) {
            JsonNode b = branch.has("$ref") ? resolve(branch.get("$ref").asText()) : branch;
            if (!type(b).equals("object")) {
                return b; // not objects: the first branch's value has to satisfy the others, as for a single type
            }
            if (b.path("properties").isObject()) {
                properties.setAll((ObjectNode) b.get("properties"));
            }
            b.path("required").forEach(required::add);
        }
        merged.put("type", "object");
        return merged;
    }

    /** The schema's type; the first non-null one of a union, guessed from its keywords when it names none. */
    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (schema.has("properties")) {
            return "object";
        }
        return schema.has("items") || schema.has("prefixItems") ? "array" : "string";
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        JsonNode required = schema.path("required");
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (depth < DEEP || contains(required, p.getKey())) {
                out.set(p.getKey(), value(p.getValue(), depth + 1));
            }
        }
        for (JsonNode name : required) {
            if (!out.has(name.asText())) { // required but not described: any value
                out.put(name.asText(), "simulated");
            }
        }
        return out;
    }

    private ArrayNode array(JsonNode schema, int depth) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        JsonNode prefix = schema.path("prefixItems");
        for (JsonNode item : prefix) {
            out.add(value(item, depth + 1));
        }
        int min = schema.path("minItems").asInt(0);
        int max = schema.has("maxItems") ? schema.get("maxItems").asInt() : Integer.MAX_VALUE;
        int count = Math.min(max, Math.max(min, depth < DEEP ? 1 : 0));
        JsonNode items = schema.path("items");
        while (out.size() < count) {
            out.add(items.isObject() ? value(items, depth + 1) : NODES.textNode("simulated"));
        }
        return out;
    }

    /** Within the bounds: 1 when it may be, else the nearest bound (moved inside an exclusive one), on a multiple. */
    private static double number(JsonNode schema, boolean integer) {
        double step = integer ? 1 : 0.5;
        double low = bound(schema, "minimum", "exclusiveMinimum", step, -Double.MAX_VALUE);
        double high = bound(schema, "maximum", "exclusiveMaximum", -step, Double.MAX_VALUE);
        double v = Math.max(low, Math.min(high, 1));
        if (integer) {
            v = Math.ceil(v) <= high ? Math.ceil(v) : Math.floor(v);
        }
        JsonNode multiple = schema.get("multipleOf");
        if (multiple != null && multiple.isNumber() && multiple.asDouble() > 0) {
            double m = multiple.asDouble();
            double up = Math.ceil(v / m) * m;
            v = up <= high ? up : Math.floor(v / m) * m;
        }
        return v;
    }

    private static double bound(JsonNode schema, String inclusive, String exclusive, double inside, double none) {
        if (schema.path(exclusive).isNumber()) {
            return schema.get(exclusive).asDouble() + inside;
        }
        return schema.path(inclusive).isNumber() ? schema.get(inclusive).asDouble() : none;
    }

    private static String string(JsonNode schema) {
        String s = switch (schema.path("format").asText("")) {
            case "date-time" -> "2025-01-01T00:00:00Z";
            case "date" -> "2025-01-01";
            case "time" -> "00:00:00Z";
            case "duration" -> "P1D";
            case "email" -> "sim@example.com";
            case "hostname" -> "example.com";
            case "ipv4" -> "192.0.2.1";
            case "ipv6" -> "2001:db8::1";
            case "uuid" -> "00000000-0000-4000-8000-000000000000";
            case "uri", "url" -> "https://example.com/";
            default -> "simulated";
        };
        int min = schema.path("minLength").asInt(0);
        int max = schema.has("maxLength") ? schema.get("maxLength").asInt() : Integer.MAX_VALUE;
        StringBuilder b = new StringBuilder(s);
        while (b.length() < min) {
            b.append('x');
        }
        return b.length() > max ? b.substring(0, max) : b.toString();
    }

    /** A local reference: {@code #} or a JSON pointer into the root schema ({@code #/$defs/Step}). */
    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            return Json.MAPPER.createObjectNode(); // remote schemas are not fetched: anything
        }
        JsonNode target = ref.length() == 1 ? root : root.at(ref.substring(1));
        return target.isMissingNode() ? Json.MAPPER.createObjectNode() : target;
    }

    private static boolean contains(JsonNode required, String name) {
        for (JsonNode r : required) {
            if (r.asText().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
