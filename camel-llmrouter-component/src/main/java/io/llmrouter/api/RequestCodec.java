package io.llmrouter.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads callers' request bodies and checks them, turning every problem into a 400 {@link LlmException} that names the
 * offending field, as OpenAI does.
 */
public final class RequestCodec {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");
    private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");
    private static final Set<String> ENCODING_FORMATS = Set.of("float", "base64");
    private static final ObjectReader CHAT = Json.STRICT.readerFor(ChatRequest.class);
    private static final ObjectReader EMBEDDING = Json.STRICT.readerFor(EmbeddingRequest.class);
    private static final ObjectReader OBJECT = Json.STRICT.readerFor(ObjectNode.class);

    private RequestCodec() {
    }

    public static ChatRequest readChat(byte[] body) {
        return validate(RequestCodec.<ChatRequest>read(CHAT, body));
    }

    public static ChatRequest readChat(String body) {
        return validate(RequestCodec.<ChatRequest>read(CHAT, body));
    }

    public static ChatRequest readChat(InputStream body) {
        try {
            return readChat(body.readAllBytes());
        } catch (IOException e) {
            throw LlmException.invalid(null, "Could not read the request body: " + e.getMessage());
        }
    }

    public static EmbeddingRequest readEmbedding(byte[] body) {
        return validate(RequestCodec.<EmbeddingRequest>read(EMBEDDING, body));
    }

    public static EmbeddingRequest readEmbedding(String body) {
        return validate(RequestCodec.<EmbeddingRequest>read(EMBEDDING, body));
    }

    /**
     * A body that must be a JSON object, for the dialects that read its fields themselves (Responses, legacy
     * completions), with the same 400s as a chat request's: unparsable, data after the object, not an object.
     */
    public static ObjectNode readObject(byte[] body) {
        return read(OBJECT, body);
    }

    private static <T> T read(ObjectReader reader, Object body) {
        try {
            T value = body instanceof byte[] b ? reader.readValue(b) : reader.readValue((String) body);
            if (value == null) {
                throw LlmException.invalid(null, "The request body must be a JSON object.");
            }
            return value;
        } catch (MismatchedInputException e) {
            String param = path(e);
            if (param == null && e.getOriginalMessage().contains("FAIL_ON_TRAILING_TOKENS")) {
                throw LlmException.invalid(null, "We could not parse the JSON body of your request: there is data "
                        + "after the JSON object.");
            }
            throw LlmException.invalid(param, param == null
                    ? "The request body must be a JSON object."
                    : "Invalid type for '" + param + "': " + expected(e));
        } catch (DatabindException e) {
            if (e.getCause() instanceof InputCoercionException tooLarge) {
                String param = path((JsonMappingException) e);
                throw LlmException.invalid(param, "Invalid value for '" + param + "': " + tooLarge.getOriginalMessage());
            }
            // JSON that breaks off inside a field comes wrapped with the field's path: unparsable, not a bad value
            if (e.getCause() instanceof StreamReadException unparsable) {
                throw unparsable(unparsable);
            }
            throw LlmException.invalid(path((JsonMappingException) e), "Invalid value: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw unparsable((JsonProcessingException) e);
        } catch (IOException e) {
            throw LlmException.invalid(null, "Could not read the request body: " + e.getMessage());
        }
    }

    private static LlmException unparsable(JsonProcessingException e) {
        return LlmException.invalid(null, "We could not parse the JSON body of your request: " + e.getOriginalMessage());
    }

    public static ChatRequest validate(ChatRequest r) {
        if (r.messages == null) {
            throw LlmException.invalid("messages", "Missing required parameter: 'messages'.");
        }
        if (r.messages.isEmpty()) {
            throw LlmException.invalid("messages", "'messages' must contain at least one message.");
        }
        RequestLimits.check("messages", r.messages.size(), RequestLimits.MESSAGES);
        for (int i = 0; i < r.messages.size(); i++) {
            ChatMessage m = r.messages.get(i);
            if (m == null) {
                throw LlmException.invalid("messages[" + i + "]", "Invalid type for 'messages[" + i + "]': expected an object.");
            }
            if (m.role == null) {
                throw LlmException.invalid("messages[" + i + "].role", "Missing required parameter: 'messages[" + i + "].role'.");
            }
            if (!ROLES.contains(m.role)) {
                throw LlmException.invalid("messages[" + i + "].role", "Invalid value: '" + m.role
                        + "'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.");
            }
            if (m.content != null && !m.content.isText()) {
                RequestLimits.check("messages[" + i + "].content", m.content.parts().size(), RequestLimits.CONTENT_PARTS);
            }
        }
        if (r.tools != null) {
            RequestLimits.check("tools", r.tools.size(), RequestLimits.TOOLS);
            for (int i = 0; i < r.tools.size(); i++) {
                Tool t = r.tools.get(i);
                if (t == null || t.function == null || t.function.name == null || t.function.name.isBlank()) {
                    throw LlmException.invalid("tools[" + i + "].function.name",
                            "Missing required parameter: 'tools[" + i + "].function.name'.");
                }
            }
        }
        toolChoice(r.toolChoice);
        responseFormat(r.responseFormat);
        stop(r.stop);
        range("temperature", r.temperature, 0, 2);
        range("top_p", r.topP, 0, 1);
        atLeast("n", r.n, 1);
        atLeast("max_tokens", r.maxTokens, 1);
        atLeast("max_completion_tokens", r.maxCompletionTokens, 1);
        if (r.model != null && r.model.isBlank()) {
            throw LlmException.invalid("model", "'model' must not be empty.");
        }
        modelNames("models", r.models);
        modelNames("fallbacks", r.fallbacks);
        return r;
    }

    private static void modelNames(String param, List<String> names) {
        if (names == null) {
            return;
        }
        RequestLimits.check(param, names.size(), RequestLimits.MODELS);
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw LlmException.invalid(param, "Model names in 'models' and 'fallbacks' must be non-empty strings.");
            }
        }
    }

    private static void toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull() || choice.isObject() || choice.isTextual() && TOOL_CHOICES.contains(choice.asText())) {
            return;
        }
        throw LlmException.invalid("tool_choice", "Invalid value for 'tool_choice': expected 'none', 'auto', "
                + "'required' or an object naming a function.");
    }

    private static void responseFormat(ResponseFormat format) {
        if (format == null) {
            return;
        }
        if (format.type == null) {
            throw LlmException.invalid("response_format.type", "Missing required parameter: 'response_format.type'.");
        }
        if (!RESPONSE_FORMATS.contains(format.type)) {
            throw LlmException.invalid("response_format.type", "Invalid value: '" + format.type
                    + "'. Supported values are: 'text', 'json_object' and 'json_schema'.");
        }
    }

    /** A string, or an array of strings: OpenAI's two forms. */
    private static void stop(JsonNode stop) {
        if (stop == null || stop.isNull() || stop.isTextual()) {
            return;
        }
        if (!stop.isArray()) {
            throw LlmException.invalid("stop", "Invalid type for 'stop': expected a string or an array of strings.");
        }
        RequestLimits.check("stop", stop.size(), RequestLimits.STOP);
        for (JsonNode s : stop) {
            if (!s.isTextual()) {
                throw LlmException.invalid("stop", "Invalid type for 'stop': expected a string or an array of strings.");
            }
        }
    }

    public static EmbeddingRequest validate(EmbeddingRequest r) {
        if (r.input == null || r.input.isNull()) {
            throw LlmException.invalid("input", "Missing required parameter: 'input'.");
        }
        if (!r.input.isTextual() && !r.input.isArray()) {
            throw LlmException.invalid("input", "Invalid type for 'input': expected a string or an array.");
        }
        if (r.input.isArray()) {
            if (r.input.isEmpty()) {
                throw LlmException.invalid("input", "'input' must not be an empty array.");
            }
            RequestLimits.check("input", r.input.size(), RequestLimits.EMBEDDING_INPUTS);
            inputItems(r.input);
        }
        if (r.dimensions != null && (r.dimensions < 1 || r.dimensions > RequestLimits.EMBEDDING_DIMENSIONS)) {
            throw LlmException.invalid("dimensions", "Invalid value for 'dimensions': " + r.dimensions
                    + " is not between 1 and " + RequestLimits.EMBEDDING_DIMENSIONS + ".");
        }
        if (r.encodingFormat != null && !ENCODING_FORMATS.contains(r.encodingFormat)) {
            throw LlmException.invalid("encoding_format", "Invalid value: '" + r.encodingFormat
                    + "'. Supported values are: 'float' and 'base64'.");
        }
        return r;
    }

    /** OpenAI's array forms: strings, one token array (integers), or token arrays; one form per request. */
    private static void inputItems(JsonNode input) {
        boolean strings = input.get(0).isTextual();
        boolean tokens = input.get(0).isIntegralNumber();
        for (JsonNode item : input) {
            boolean ok = strings ? item.isTextual() : tokens ? item.isIntegralNumber() : isTokenArray(item);
            if (!ok) {
                throw LlmException.invalid("input", "Invalid type for 'input': expected a string, an array of strings, "
                        + "an array of integers or an array of arrays of integers.");
            }
        }
    }

    private static boolean isTokenArray(JsonNode item) {
        if (!item.isArray() || item.isEmpty()) {
            return false;
        }
        for (JsonNode token : item) {
            if (!token.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    private static void range(String name, Double value, double min, double max) {
        // NaN compares false with everything: this form rejects it (Jackson reads "NaN" into a Double)
        if (value != null && !(value >= min && value <= max)) {
            throw LlmException.invalid(name, "Invalid value for '" + name + "': " + value + " is not between " + min
                    + " and " + max + ".");
        }
    }

    private static void atLeast(String name, Integer value, int min) {
        if (value != null && value < min) {
            throw LlmException.invalid(name, "Invalid value for '" + name + "': " + value + " is less than the minimum of "
                    + min + ".");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(snake(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static String snake(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    }

    private static String expected(MismatchedInputException e) {
        Class<?> t = e.getTargetType();
        if (t == null) {
            return "unexpected value.";
        }
        if (t == Integer.class || t == Long.class || t == int.class || t == long.class) {
            return "expected an integer.";
        }
        if (Number.class.isAssignableFrom(t) || t.isPrimitive() && t != boolean.class) {
            return "expected a number.";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "expected a boolean.";
        }
        if (t == String.class) {
            return "expected a string.";
        }
        if (List.class.isAssignableFrom(t)) {
            return "expected an array.";
        }
        if (t == MessageContent.class) {
            return "expected a string or an array of content parts.";
        }
        return "expected an object.";
    }
}
