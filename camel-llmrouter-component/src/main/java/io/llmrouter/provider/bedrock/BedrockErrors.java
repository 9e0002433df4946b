package io.llmrouter.provider.bedrock;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.ErrorClassifier;
import io.llmrouter.provider.WireJson;
import io.vertx.core.MultiMap;

/**
 * Classifies Bedrock's errors into an {@link ErrorKind}: an error answer ({@code {"message": ...}} with its type in the
 * {@code x-amzn-ErrorType} header) or an exception frame of a ConverseStream. The type decides before the status, since
 * Bedrock uses 429 both for throttling and for a model that is still loading. Caller errors are passed on in OpenAI's
 * error shape, since the caller speaks OpenAI.
 */
final class BedrockErrors {

    private BedrockErrors() {
    }

    /** An error answer: its type in the x-amzn-ErrorType header, else in the body's {@code __type}. */
    static LlmException classify(Deployment d, int status, MultiMap headers, byte[] body) {
        return classify(d.id(), status, headers.get("x-amzn-ErrorType"), body);
    }

    /**
     * @param errorType the error type (e.g. {@code ValidationException:http://internal.amazon.com/...}), or null to
     *                  look for {@code __type} in the body
     */
    private static LlmException classify(String deploymentId, int status, String errorType, byte[] body) {
        JsonNode root = parse(body);
        String type = shortType(errorType != null ? errorType : WireJson.text(root, "__type"));
        String message = WireJson.text(root, "message");
        if (message == null) {
            message = WireJson.text(root, "Message");
        }
        String summary = "Upstream for '" + deploymentId + "' answered " + status
                + (type != null ? " " + type : "") + (message != null ? ": " + message : "");
        return ErrorClassifier.translated(kind(status, type, message), status, summary, message, null);
    }

    /** An exception frame of a stream: its {@code :exception-type} is the error type in lower camel case. */
    static LlmException ofStreamException(String deploymentId, String exceptionType, byte[] payload) {
        String type = exceptionType == null || exceptionType.isEmpty() ? "InternalServerException"
                : Character.toUpperCase(exceptionType.charAt(0)) + exceptionType.substring(1);
        int status = switch (type) {
            case "ThrottlingException" -> 429;
            case "ValidationException" -> 400;
            case "ServiceUnavailableException" -> 503;
            case "ModelTimeoutException" -> 408;
            case "ModelStreamErrorException" -> 424;
            default -> 500;
        };
        return classify(deploymentId, status, type, payload);
    }

    private static ErrorKind kind(int status, String type, String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (type != null) {
            switch (type) {
                case "ThrottlingException", "ServiceQuotaExceededException", "TooManyRequestsException":
                    return ErrorKind.RATE_LIMITED;
                case "ModelNotReadyException", "ServiceUnavailableException":
                    return ErrorKind.OVERLOADED;
                case "ModelTimeoutException":
                    return ErrorKind.TIMEOUT;
                case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
                        "ExpiredTokenException", "IncompleteSignatureException":
                    return ErrorKind.AUTHENTICATION;
                case "InternalServerException", "ModelErrorException", "ModelStreamErrorException":
                    return ErrorKind.SERVER_ERROR;
                case "ResourceNotFoundException":
                    return ErrorKind.UPSTREAM_BAD_REQUEST;
                default:
                    break;
            }
        }
        if (status == 429) {
            return ErrorKind.RATE_LIMITED;
        }
        if (status == 503) {
            return ErrorKind.OVERLOADED;
        }
        if (status == 408) {
            return ErrorKind.TIMEOUT;
        }
        if (status == 401 || status == 403) {
            return ErrorKind.AUTHENTICATION;
        }
        if (status >= 500) {
            return ErrorKind.SERVER_ERROR;
        }
        // Bedrock's own wording, and the models' (Claude on Bedrock says "prompt is too long")
        if (lower.contains("input is too long") || lower.contains("too many input tokens")
                || lower.contains("prompt is too long") || lower.contains("context length")) {
            return ErrorKind.CONTEXT_LENGTH_EXCEEDED;
        }
        return ErrorKind.UPSTREAM_BAD_REQUEST;
    }

    /** {@code ValidationException:http://...} and {@code com.amazon.coral...#ValidationException} both name the type. */
    private static String shortType(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        String t = type.trim();
        int colon = t.indexOf(':');
        if (colon >= 0) {
            t = t.substring(0, colon);
        }
        int hash = t.lastIndexOf('#');
        return hash >= 0 ? t.substring(hash + 1) : t;
    }

    private static JsonNode parse(byte[] body) {
        JsonNode root = WireJson.parse(body);
        return root != null && root.isObject() ? root : null;
    }
}
