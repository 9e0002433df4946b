package io.llmrouter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** A call the model made to a tool. In stream deltas {@link #index} says which call a fragment belongs to. */
public final class ToolCall extends Extensible {

    public Integer index;
    public String id;
    public String type;
    public FunctionCall function;

    public static ToolCall function(String id, String name, String arguments) {
        ToolCall call = new ToolCall();
        call.id = id;
        call.type = "function";
        call.function = new FunctionCall();
        call.function.name = name;
        call.function.arguments = arguments;
        return call;
    }

    /**
     * The arguments as a JSON object, for wire formats that carry them as one rather than as text; no arguments give
     * an empty object. Arguments that are not a JSON object are the caller's error (400).
     */
    public JsonNode argumentsObject(String provider) {
        String args = function == null ? null : function.arguments;
        if (args == null || args.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode input = Json.MAPPER.readTree(args);
            if (input != null && input.isObject()) {
                return input;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw LlmException.invalid("messages", "The arguments of tool call '" + id
                + "' are not a JSON object; " + provider + " models need one.");
    }

    public static final class FunctionCall extends Extensible {
        public String name;
        /** The arguments as a JSON text, as OpenAI sends them. */
        public String arguments;
    }
}
