package io.llmrouter.api;

import java.util.concurrent.CompletionException;

/**
 * A failure with its {@link ErrorKind}, the HTTP status the caller should see and, for upstream errors passed on as
 * they are, the upstream's own error body. Messages never contain credentials.
 */
public class LlmException extends RuntimeException {

    private final ErrorKind kind;
    private final int status;
    private final String param;
    private final String code;
    private final byte[] upstreamBody;
    private long retryAfterMillis = -1;

    protected LlmException(ErrorKind kind, int status, String message, String param, String code, byte[] upstreamBody,
                           Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.status = status;
        this.param = param;
        this.code = code != null ? code : kind.code();
        this.upstreamBody = upstreamBody;
    }

    /** The subclass that matches the kind, so Camel EIPs can act on {@link RetryableLlmException} alone. */
    public static LlmException of(ErrorKind kind, int status, String message, String param, String code,
                                  byte[] upstreamBody, Throwable cause) {
        return kind.retryable()
                ? new RetryableLlmException(kind, status, message, param, code, upstreamBody, cause)
                : new LlmException(kind, status, message, param, code, upstreamBody, cause);
    }

    public static LlmException of(ErrorKind kind, String message) {
        return of(kind, kind.status(), message, null, null, null, null);
    }

    public static LlmException invalid(String param, String message) {
        return of(ErrorKind.INVALID_REQUEST, 400, message, param, null, null, null);
    }

    /**
     * The failure a future completed with, as an {@code LlmException}: unwrapped from the {@link CompletionException}s
     * that dependent stages add, and anything unclassified turned into an internal error.
     */
    public static LlmException unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof LlmException e) {
            return e;
        }
        // not a classified upstream failure: something went wrong inside the gateway, never the provider's fault
        return of(ErrorKind.INTERNAL, 500, "The gateway failed to handle the request.", null, null, null, t);
    }

    public ErrorKind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    /** The upstream's error body when it is passed on unchanged (caller errors), else null. */
    public byte[] upstreamBody() {
        return upstreamBody;
    }

    /** How long the upstream asked us to wait (Retry-After), or -1. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    public LlmException retryAfter(long millis) {
        this.retryAfterMillis = millis;
        return this;
    }

    /** OpenAI's error JSON for this failure. */
    public ErrorBody toErrorBody() {
        // a kind answered with a 4xx (no model able to serve the request: a 400) is the caller's to fix
        String type = status >= 400 && status < 500 && kind.type().equals("api_error")
                ? "invalid_request_error" : kind.type();
        return ErrorBody.of(getMessage(), type, param, code);
    }
}
