package io.llmrouter.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Reads callers' request bodies and checks them, turning every problem into a 400 {@link LlmException} that names the
 * offending field, as OpenAI does.
 */
public final class RequestCodec {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final ObjectReader CHAT = Json.MAPPER.readerFor(ChatRequest.class);
    private static final ObjectReader EMBEDDING = Json.MAPPER.readerFor(EmbeddingRequest.class);

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

    private static <T> T read(ObjectReader reader, Object body) {
        try {
            T value = body instanceof byte[] b ? reader.readValue(b) : reader.readValue((String) body);
            if (value == null) {
                throw LlmException.invalid(null, "The request body must be a JSON object.");
            }
            return value;
        } catch (MismatchedInputException e) {
            String param = path(e);
            throw LlmException.invalid(param, param == null
                    ? "The request body must be a JSON object."
                    : "Invalid type for '" + param + "': " + expected(e));
        } catch (DatabindException e) {
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
        }
        if (r.tools != null) {
            for (int i = 0; i < r.tools.size(); i++) {
                Tool t = r.tools.get(i);
                if (t == null || t.function == null || t.function.name == null || t.function.name.isBlank()) {
                    throw LlmException.invalid("tools[" + i + "].function.name",
                            "Missing required parameter: 'tools[" + i + "].function.name'.");
                }
            }
        }
        range("temperature", r.temperature, 0, 2);
        range("top_p", r.topP, 0, 1);
        atLeast("n", r.n, 1);
        atLeast("max_tokens", r.maxTokens, 1);
        atLeast("max_completion_tokens", r.maxCompletionTokens, 1);
        if (r.model != null && r.model.isBlank()) {
            throw LlmException.invalid("model", "'model' must not be empty.");
        }
        for (List<String> list : List.of(r.models == null ? List.<String>of() : r.models,
                r.fallbacks == null ? List.<String>of() : r.fallbacks)) {
            for (String name : list) {
                if (name == null || name.isBlank()) {
                    throw LlmException.invalid(list == r.models ? "models" : "fallbacks",
                            "Model names in 'models' and 'fallbacks' must be non-empty strings.");
                }
            }
        }
        return r;
    }

    public static EmbeddingRequest validate(EmbeddingRequest r) {
        if (r.input == null || r.input.isNull()) {
            throw LlmException.invalid("input", "Missing required parameter: 'input'.");
        }
        if (!r.input.isTextual() && !r.input.isArray()) {
            throw LlmException.invalid("input", "Invalid type for 'input': expected a string or an array.");
        }
        if (r.input.isArray() && r.input.isEmpty()) {
            throw LlmException.invalid("input", "'input' must not be an empty array.");
        }
        return r;
    }

    private static void range(String name, Double value, double min, double max) {
        if (value != null && (value < min || value > max)) {
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
