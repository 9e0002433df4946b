package io.llmrouter.dialect.responses;

import java.util.ArrayList;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.openai.OpenAiFields;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.api.RequestLimits;
import io.llmrouter.api.ResponseFormat;
import io.llmrouter.api.Tool;

/**
 * Reads a caller's {@code POST /v1/responses} body (OpenAI's Responses API) into a {@link ResponsesRequest}, so the
 * engine routes it like a chat request to any model of the catalog. Every problem is a 400 naming the parameter, in
 * OpenAI's words. Fields with no canonical counterpart that change nothing for the answer's shape (reasoning,
 * truncation, include, service_tier, ...) are ignored; those the router cannot honour are refused.
 */
public final class ResponsesRequestReader {

    /** OpenAI's limit on metadata pairs. */
    static final int METADATA = 16;
    private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");
    private static final Set<String> UNSUPPORTED = Set.of("background", "conversation", "prompt");

    private ResponsesRequestReader() {
    }

    public static ResponsesRequest read(byte[] body) {
        JsonNode root = RequestCodec.readObject(body);
        for (String field : UNSUPPORTED) {
            JsonNode v = root.get(field);
            if (v != null && !v.isNull() && !(v.isBoolean() && !v.asBoolean())) {
                throw LlmException.invalid(field, "'" + field + "' is not supported by the router." + (field.equals(
                        "background") ? " A response is answered within its request; stream it for a long answer."
                        : ""));
            }
        }
        ChatRequest r = new ChatRequest();
        r.model = OpenAiFields.text(root, "model");
        r.models = OpenAiFields.strings(root, "models");
        r.fallbacks = OpenAiFields.strings(root, "fallbacks");
        JsonNode input = root.get("input");
        if (input == null || input.isNull()) {
            throw LlmException.invalid("input", "Missing required parameter: 'input'.");
        }
        ArrayNode items = InputItems.normalize(input);
        if (items.isEmpty()) {
            throw LlmException.invalid("input", "'input' must contain at least one item.");
        }
        String instructions = OpenAiFields.text(root, "instructions");
        ObjectNode echo = Json.MAPPER.createObjectNode();
        echo.put("instructions", instructions);
        tools(root.get("tools"), r, echo);
        toolChoice(root.get("tool_choice"), r, echo);
        format(root.get("text"), r, echo);
        r.temperature = OpenAiFields.number(root, "temperature");
        r.topP = OpenAiFields.number(root, "top_p");
        echo.put("temperature", r.temperature == null ? 1.0 : r.temperature);
        echo.put("top_p", r.topP == null ? 1.0 : r.topP);
        r.maxTokens = OpenAiFields.positiveInteger(root, "max_output_tokens");
        echo.put("max_output_tokens", r.maxTokens);
        r.parallelToolCalls = OpenAiFields.bool(root, "parallel_tool_calls");
        echo.put("parallel_tool_calls", r.parallelToolCalls == null || r.parallelToolCalls);
        r.user = OpenAiFields.text(root, "user");
        echo.put("user", r.user);
        echo.set("metadata", metadata(root.get("metadata")));
        r.stream = Boolean.TRUE.equals(OpenAiFields.bool(root, "stream")) ? Boolean.TRUE : null;
        Boolean store = OpenAiFields.bool(root, "store");
        String previous = OpenAiFields.text(root, "previous_response_id");
        echo.put("previous_response_id", previous);
        echo.put("store", store == null || store);
        RequestCodec.validate(withPlaceholder(r)); // ranges and names, as a chat request's
        return new ResponsesRequest(r, items, instructions, previous, store == null || store, echo, root.get("router"),
                (ObjectNode) root);
    }

    /** Tools in the Responses API's flat form: {type: function, name, description, parameters, strict}. */
    private static void tools(JsonNode tools, ChatRequest r, ObjectNode echo) {
        ArrayNode echoed = echo.putArray("tools");
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            throw LlmException.invalid("tools", "Invalid type for 'tools': expected an array of tools.");
        }
        RequestLimits.check("tools", tools.size(), RequestLimits.TOOLS);
        r.tools = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            String where = "tools[" + i + "]";
            String type = t.path("type").asText("");
            if (!type.equals("function")) {
                throw LlmException.invalid(where + ".type", "Invalid value for '" + where + ".type': '" + type
                        + "'. The router supports only 'function' tools.");
            }
            JsonNode name = t.get("name");
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw LlmException.invalid(where + ".name", "Missing required parameter: '" + where + ".name'.");
            }
            Tool tool = new Tool();
            tool.type = "function";
            tool.function = new Tool.Function();
            tool.function.name = name.asText();
            tool.function.description = t.hasNonNull("description") ? t.get("description").asText() : null;
            tool.function.parameters = t.get("parameters");
            tool.function.strict = t.hasNonNull("strict") ? t.get("strict").asBoolean() : null;
            r.tools.add(tool);
            echoed.add(t);
        }
    }

    /** "none", "auto", "required" or {type: function, name}, in Chat Completions' form. */
    private static void toolChoice(JsonNode choice, ChatRequest r, ObjectNode echo) {
        if (choice == null || choice.isNull()) {
            echo.put("tool_choice", "auto");
            return;
        }
        echo.set("tool_choice", choice);
        if (choice.isTextual() && TOOL_CHOICES.contains(choice.asText())) {
            r.toolChoice = choice;
        } else if (choice.isObject() && "function".equals(choice.path("type").asText())
                   && choice.path("name").isTextual()) {
            ObjectNode node = Json.MAPPER.createObjectNode().put("type", "function");
            node.putObject("function").put("name", choice.get("name").asText());
            r.toolChoice = node;
        } else {
            throw LlmException.invalid("tool_choice", "Invalid value for 'tool_choice': expected 'none', 'auto', "
                    + "'required' or {\"type\": \"function\", \"name\": ...}.");
        }
    }

    /** text.format: text, json_object, or json_schema with its name, schema and strict at the top level. */
    private static void format(JsonNode text, ChatRequest r, ObjectNode echo) {
        JsonNode format = text == null ? null : text.get("format");
        if (text != null && !text.isNull() && !text.isObject()) {
            throw LlmException.invalid("text", "Invalid type for 'text': expected an object.");
        }
        if (format == null || format.isNull()) {
            echo.putObject("text").putObject("format").put("type", "text");
            return;
        }
        echo.putObject("text").set("format", format);
        String type = format.path("type").asText("");
        switch (type) {
            case "text" -> {
            }
            case "json_object" -> {
                r.responseFormat = new ResponseFormat();
                r.responseFormat.type = "json_object";
            }
            case "json_schema" -> {
                if (!format.path("schema").isObject()) {
                    throw LlmException.invalid("text.format.schema", "Missing required parameter: "
                            + "'text.format.schema'.");
                }
                if (!format.path("name").isTextual()) {
                    throw LlmException.invalid("text.format.name", "Missing required parameter: 'text.format.name'.");
                }
                r.responseFormat = new ResponseFormat();
                r.responseFormat.type = "json_schema";
                ObjectNode schema = Json.MAPPER.createObjectNode().put("name", format.get("name").asText());
                if (format.hasNonNull("description")) {
                    schema.set("description", format.get("description"));
                }
                schema.set("schema", format.get("schema"));
                if (format.hasNonNull("strict")) {
                    schema.set("strict", format.get("strict"));
                }
                r.responseFormat.jsonSchema = schema;
            }
            default -> throw LlmException.invalid("text.format.type", "Invalid value for 'text.format.type': '" + type
                    + "'. Supported values are: 'text', 'json_object' and 'json_schema'.");
        }
    }

    private static ObjectNode metadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!metadata.isObject()) {
            throw LlmException.invalid("metadata", "Invalid type for 'metadata': expected an object.");
        }
        if (metadata.size() > METADATA) {
            throw LlmException.invalid("metadata", "Invalid 'metadata': too many properties. Expected an object with "
                    + "at most " + METADATA + " properties, but got " + metadata.size() + ".");
        }
        metadata.fields().forEachRemaining(f -> {
            if (!f.getValue().isTextual()) {
                throw LlmException.invalid("metadata." + f.getKey(), "Invalid type for 'metadata." + f.getKey()
                        + "': expected a string.");
            }
        });
        return (ObjectNode) metadata;
    }

    /** Validates the request's settings before its messages are known. */
    private static ChatRequest withPlaceholder(ChatRequest r) {
        ChatRequest check = r.copy();
        check.messages = new ArrayList<>();
        check.messages.add(ChatMessage.of("user", ""));
        return check;
    }
}
