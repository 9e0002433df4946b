package io.llmrouter.api;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code text}, {@code json_object} (JSON mode) or {@code json_schema} (structured output). */
public final class ResponseFormat extends Extensible {

    public String type;
    public JsonNode jsonSchema;

    public boolean wantsJsonSchema() {
        return "json_schema".equals(type);
    }

    public boolean wantsJsonObject() {
        return "json_object".equals(type);
    }
}
