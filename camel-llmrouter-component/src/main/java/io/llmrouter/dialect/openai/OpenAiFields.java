package io.llmrouter.dialect.openai;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.LlmException;

/**
 * Optional top-level fields of an OpenAI-shaped request body, read with OpenAI's wording for an ill-typed one (a 400
 * naming the field): null when absent or null. Shared by the Responses and legacy completions readers.
 */
public final class OpenAiFields {

    /**
     * OpenAI's request field that keeps requests sharing a prefix on one prompt cache: set by the router's cache
     * affinity or by the caller, sent to OpenAI as it is and read by other providers' adapters as "cache this prefix".
     */
    public static final String PROMPT_CACHE_KEY = "prompt_cache_key";

    private OpenAiFields() {
    }

    public static String text(JsonNode root, String field) {
        JsonNode v = present(root, field);
        if (v != null && !v.isTextual()) {
            throw invalidType(field, "a string");
        }
        return v == null ? null : v.asText();
    }

    public static Double number(JsonNode root, String field) {
        JsonNode v = present(root, field);
        if (v != null && !v.isNumber()) {
            throw invalidType(field, "a number");
        }
        return v == null ? null : v.asDouble();
    }

    public static Integer integer(JsonNode root, String field) {
        JsonNode v = present(root, field);
        if (v != null && !(v.isIntegralNumber() && v.canConvertToInt())) {
            throw invalidType(field, "an integer");
        }
        return v == null ? null : v.asInt();
    }

    public static Integer positiveInteger(JsonNode root, String field) {
        JsonNode v = present(root, field);
        if (v != null && !(v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 1)) {
            throw LlmException.invalid(field, "Invalid '" + field + "': expected a positive integer.");
        }
        return v == null ? null : v.asInt();
    }

    public static Boolean bool(JsonNode root, String field) {
        JsonNode v = present(root, field);
        if (v != null && !v.isBoolean()) {
            throw invalidType(field, "a boolean");
        }
        return v == null ? null : v.asBoolean();
    }

    /** An array of strings (the router's {@code models} and {@code fallbacks}); the names are checked later. */
    public static List<String> strings(JsonNode root, String field) {
        JsonNode v = present(root, field);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    break;
                }
                out.add(item.asText());
            }
        }
        if (!v.isArray() || out.size() != v.size()) {
            throw invalidType(field, "an array of strings");
        }
        return out;
    }

    private static JsonNode present(JsonNode root, String field) {
        JsonNode v = root.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static LlmException invalidType(String field, String expected) {
        return LlmException.invalid(field, "Invalid type for '" + field + "': expected " + expected + ".");
    }
}
