package io.llmrouter.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Json;

/**
 * JSON mode and structured output for models that have neither (Anthropic's Messages API, Bedrock's Converse): the
 * requested schema becomes a tool the model is made to call, and the call's input comes back as the answer's content
 * (the technique Anthropic documents for JSON output). While it is in force the caller's own tools cannot be called.
 */
public final class StructuredOutput {

    /** The tool's name; an answer's call of this name is the structured answer. */
    public static final String TOOL = "structured_output";
    public static final String DESCRIPTION = "Give your whole answer as this tool's input, matching its schema.";

    private StructuredOutput() {
    }

    /** The schema the answer must match, or null when the request asks for plain text. */
    public static JsonNode schema(ChatRequest r) {
        if (r.responseFormat == null || !r.responseFormat.wantsJsonSchema() && !r.responseFormat.wantsJsonObject()) {
            return null;
        }
        JsonNode schema = r.responseFormat.wantsJsonSchema() && r.responseFormat.jsonSchema != null
                ? r.responseFormat.jsonSchema.get("schema") : null;
        return schema != null && schema.isObject() ? schema : Json.MAPPER.createObjectNode().put("type", "object");
    }
}
