package io.llmrouter.provider.openai;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Deployment;
import io.vertx.core.MultiMap;

/** Classifies an OpenAI-compatible error response (status and error body) into an {@link ErrorKind}. */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /** Classifies an error answer of the deployment, masking its provider's key wherever the upstream echoed it. */
    public static LlmException classify(Deployment d, int status, MultiMap headers, byte[] body) {
        String key = d.provider().apiKey();
        if (body != null && key != null && !key.isEmpty()) {
            String text = new String(body, StandardCharsets.UTF_8);
            if (text.contains(key)) {
                body = redact(text, key).getBytes(StandardCharsets.UTF_8);
            }
        }
        return classify(d.id(), status, body);
    }

    /** The text with every occurrence of the secret masked, so it can be shown and logged. */
    public static String redact(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        String mask = secret.length() >= 16 ? "***" + secret.substring(secret.length() - 4) : "***";
        return text.replace(secret, mask);
    }

    private static LlmException classify(String deploymentId, int status, byte[] body) {
        JsonNode error = errorNode(body);
        String message = text(error, "message");
        String code = text(error, "code");
        String type = text(error, "type");
        String summary = "Upstream for '" + deploymentId + "' answered " + status
                + (message != null ? ": " + message : "");
        ErrorKind kind;
        if (status == 429) {
            kind = ErrorKind.RATE_LIMITED;
        } else if (status == 401 || status == 403) {
            kind = ErrorKind.AUTHENTICATION;
        } else if (status == 503 || status == 529) {
            kind = ErrorKind.OVERLOADED;
        } else if (status >= 500) {
            kind = ErrorKind.SERVER_ERROR;
        } else if (isContextLength(code, message)) {
            kind = ErrorKind.CONTEXT_LENGTH_EXCEEDED;
        } else if (isContentPolicy(code, type) || "ResponsibleAIPolicyViolation".equals(text(error == null ? null
                : error.get("innererror"), "code"))) {
            kind = ErrorKind.CONTENT_POLICY;
        } else {
            kind = ErrorKind.UPSTREAM_BAD_REQUEST;
        }
        // Caller errors are passed on as the upstream sent them; the rest are re-described by the router.
        boolean passOn = !kind.retryable();
        return LlmException.of(kind, passOn ? status : kind.status(), summary, text(error, "param"),
                passOn ? code : null, passOn && error != null ? body : null, null);
    }

    private static boolean isContextLength(String code, String message) {
        return "context_length_exceeded".equals(code)
                || message != null && message.contains("maximum context length");
    }

    private static boolean isContentPolicy(String code, String type) {
        return "content_policy_violation".equals(code) || "content_filter".equals(code)
                || "content_policy_violation".equals(type);
    }

    private static JsonNode errorNode(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

}
