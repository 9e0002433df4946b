package io.llmrouter.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;

/**
 * A failure as Anthropic's clients expect it: {@code {"type":"error","error":{"type","message"}}} with the status
 * Anthropic would use, so the official SDKs raise (and retry) the right exception.
 */
public final class AnthropicErrorWriter {

    /** Anthropic's status for an overloaded API; its SDKs retry it. */
    public static final int OVERLOADED = 529;

    private AnthropicErrorWriter() {
    }

    public static int status(LlmException e) {
        return e.kind() == ErrorKind.OVERLOADED ? OVERLOADED : e.status();
    }

    public static ObjectNode body(LlmException e) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type(status(e))).put("message", message(e));
        return body;
    }

    public static byte[] bytes(LlmException e) {
        return Json.bytes(body(e));
    }

    static String type(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, OVERLOADED -> "overloaded_error";
            default -> status < 500 ? "invalid_request_error" : "api_error";
        };
    }

    /** The upstream's own message when it is passed on (it says what the caller did wrong), else the router's. */
    private static String message(LlmException e) {
        if (e.upstreamBody() != null) {
            try {
                JsonNode error = Json.MAPPER.readTree(e.upstreamBody()).path("error");
                if (error.path("message").isTextual()) {
                    return error.get("message").asText();
                }
            } catch (Exception ignored) {
                // the router's message below
            }
        }
        return e.getMessage();
    }
}
