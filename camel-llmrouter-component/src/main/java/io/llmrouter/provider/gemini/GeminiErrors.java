package io.llmrouter.provider.gemini;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ErrorBody;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.ErrorClassifier;
import io.llmrouter.provider.RetryAfter;
import io.llmrouter.provider.WireJson;
import io.vertx.core.MultiMap;

/**
 * Classifies Google's error answers ({@code {"error":{"code","message","status","details"}}}) into an
 * {@link ErrorKind}. Google names the kind in {@code status} (RESOURCE_EXHAUSTED, UNAVAILABLE, ...), and reports an
 * invalid key as 400 INVALID_ARGUMENT with the reason API_KEY_INVALID, so both are read, not only the HTTP status.
 * Caller errors are passed on in OpenAI's error shape, since the caller speaks OpenAI.
 */
final class GeminiErrors {

    private GeminiErrors() {
    }

    /** Classifies an error answer of the deployment, masking its provider's key wherever the upstream echoed it. */
    static LlmException classify(Deployment d, int status, MultiMap headers, byte[] body) {
        return classify(d.id(), d.provider().apiKey(), status, body);
    }

    private static LlmException classify(String deploymentId, String apiKey, int status, byte[] body) {
        JsonNode error = errorNode(body);
        String grpc = WireJson.text(error, "status");
        String message = mask(WireJson.text(error, "message"), apiKey);
        String summary = "Upstream for '" + deploymentId + "' answered " + status + (message != null ? ": " + message : "");
        ErrorKind kind;
        if (status == 429 || "RESOURCE_EXHAUSTED".equals(grpc)) {
            kind = ErrorKind.RATE_LIMITED;
        } else if (status == 401 || status == 403 || "PERMISSION_DENIED".equals(grpc) || "UNAUTHENTICATED".equals(grpc)
                || "API_KEY_INVALID".equals(reason(error))) {
            kind = ErrorKind.AUTHENTICATION;
        } else if (status == 503 || "UNAVAILABLE".equals(grpc)) {
            kind = ErrorKind.OVERLOADED;
        } else if (status == 504 || "DEADLINE_EXCEEDED".equals(grpc)) {
            kind = ErrorKind.TIMEOUT;
        } else if (status >= 500) {
            kind = ErrorKind.SERVER_ERROR;
        } else if (message != null && (message.contains("token count")
                || message.contains("exceeds the maximum number of tokens"))) {
            kind = ErrorKind.CONTEXT_LENGTH_EXCEEDED;
        } else {
            kind = ErrorKind.UPSTREAM_BAD_REQUEST;
        }
        LlmException e = ErrorClassifier.translated(kind, status, summary, message, null);
        long wait = retryDelayMillis(error);
        return wait >= 0 ? e.retryAfter(wait) : e;
    }

    /** An error object sent as a stream event: the status is the one its {@code code} names. */
    static LlmException ofEvent(String deploymentId, String apiKey, String data) {
        JsonNode error = errorNode(data.getBytes(StandardCharsets.UTF_8));
        int status = error == null ? 500 : error.path("code").asInt(500);
        return classify(deploymentId, apiKey, status, data.getBytes(StandardCharsets.UTF_8));
    }

    /** A prompt Gemini refused to answer ({@code promptFeedback.blockReason}): the caller's content, not retried. */
    static LlmException blocked(String deploymentId, String blockReason) {
        String message = "The prompt was blocked by Gemini's safety filters (blockReason " + blockReason + ").";
        byte[] body = Json.bytes(ErrorBody.of(message, ErrorKind.CONTENT_POLICY.type(), null,
                ErrorKind.CONTENT_POLICY.code()));
        return LlmException.of(ErrorKind.CONTENT_POLICY, 400, "Upstream for '" + deploymentId + "': " + message, null,
                null, body, null);
    }

    /** The RetryInfo detail's {@code retryDelay} ("35s", a duration as Retry-After headers give it); -1 when none. */
    private static long retryDelayMillis(JsonNode error) {
        if (error != null) {
            for (JsonNode d : error.path("details")) {
                if (d.path("@type").asText().endsWith("google.rpc.RetryInfo")) {
                    return RetryAfter.duration(d.path("retryDelay").asText(""));
                }
            }
        }
        return -1;
    }

    private static String reason(JsonNode error) {
        if (error != null) {
            for (JsonNode d : error.path("details")) {
                if (d.hasNonNull("reason")) {
                    return d.get("reason").asText();
                }
            }
        }
        return null;
    }

    private static String mask(String text, String apiKey) {
        return text == null || apiKey == null || apiKey.isEmpty() ? text : text.replace(apiKey, "***");
    }

    private static JsonNode errorNode(byte[] body) {
        JsonNode root = WireJson.parse(body);
        // some Google front ends wrap the error in a one-element array
        if (root != null && root.isArray() && root.size() == 1) {
            root = root.get(0);
        }
        JsonNode error = root == null ? null : root.get("error");
        return error != null && error.isObject() ? error : null;
    }
}
