package io.llmrouter.provider.anthropic;


import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.ErrorClassifier;
import io.llmrouter.provider.WireJson;
import io.vertx.core.MultiMap;

/**
 * Classifies Anthropic's error answers ({@code {"type":"error","error":{"type","message"}}}, as a response body or a
 * stream's {@code error} event) into an {@link ErrorKind}. Caller errors are passed on in OpenAI's error shape, since
 * the caller speaks OpenAI.
 */
public final class AnthropicErrors {

    private AnthropicErrors() {
    }

    /** Classifies an error answer of the deployment, masking its provider's key wherever the upstream echoed it. */
    public static LlmException classify(Deployment d, int status, MultiMap headers, byte[] body) {
        return classify(d.id(), d.provider().apiKey(), status, body);
    }

    private static LlmException classify(String deploymentId, String apiKey, int status, byte[] body) {
        JsonNode error = errorNode(body);
        String type = WireJson.text(error, "type");
        String message = mask(WireJson.text(error, "message"), apiKey);
        String summary = "Upstream for '" + deploymentId + "' answered " + status + (message != null ? ": " + message : "");
        ErrorKind kind;
        if (status == 529 || status == 503 || "overloaded_error".equals(type)) {
            kind = ErrorKind.OVERLOADED;
        } else if (status == 429 || "rate_limit_error".equals(type)) {
            kind = ErrorKind.RATE_LIMITED;
        } else if (status == 401 || status == 403) {
            kind = ErrorKind.AUTHENTICATION;
        } else if (status >= 500) {
            kind = ErrorKind.SERVER_ERROR;
        } else if (message != null && message.contains("prompt is too long")) {
            kind = ErrorKind.CONTEXT_LENGTH_EXCEEDED;
        } else {
            kind = ErrorKind.UPSTREAM_BAD_REQUEST;
        }
        return ErrorClassifier.translated(kind, status, summary, message, type);
    }

    /** A stream's {@code error} event: Anthropic sends no status there, so the status its error type stands for. */
    public static LlmException ofEvent(String deploymentId, String apiKey, byte[] data) {
        String type = WireJson.text(errorNode(data), "type");
        int status = type == null ? 500 : switch (type) {
            case "overloaded_error" -> 529;
            case "rate_limit_error" -> 429;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "invalid_request_error" -> 400;
            default -> 500;
        };
        return classify(deploymentId, apiKey, status, data);
    }

    private static String mask(String text, String apiKey) {
        return text == null || apiKey == null || apiKey.isEmpty() ? text : text.replace(apiKey, "***");
    }

    private static JsonNode errorNode(byte[] body) {
        JsonNode root = WireJson.parse(body);
        JsonNode error = root == null ? null : root.get("error");
        return error != null && error.isObject() ? error : null;
    }
}
