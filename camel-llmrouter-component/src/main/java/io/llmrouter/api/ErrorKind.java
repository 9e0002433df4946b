package io.llmrouter.api;

/**
 * The closed set of ways a request can fail, each with the policy the router applies to it. Upstream kinds come from
 * classifying a provider's answer; router kinds are raised by the router itself.
 */
public enum ErrorKind {

    /** Connection refused or reset before any answer. */
    CONNECT_FAILED(true, 502, "api_error", "upstream_connect_failed"),
    /** No response headers within the request timeout. */
    TIMEOUT(true, 504, "api_error", "upstream_timeout"),
    /** No first token within the first-token timeout, counted from sending the request (headers or not). */
    FIRST_TOKEN_TIMEOUT(true, 504, "api_error", "upstream_first_token_timeout"),
    /** A stream went silent for longer than the stall timeout. */
    STREAM_STALLED(true, 504, "api_error", "upstream_stream_stalled"),
    /** A stream ended before its terminating event. */
    STREAM_CUT(true, 502, "api_error", "upstream_stream_cut"),
    /** An upstream event or body that is not valid JSON of the expected shape. */
    MALFORMED_RESPONSE(true, 502, "api_error", "upstream_malformed_response"),
    /** 429 from the upstream. */
    RATE_LIMITED(true, 429, "rate_limit_error", "rate_limit_exceeded"),
    /** 5xx from the upstream. */
    SERVER_ERROR(true, 502, "api_error", "upstream_server_error"),
    /** The upstream says it is overloaded (503, Anthropic's 529). */
    OVERLOADED(true, 503, "api_error", "upstream_overloaded"),
    /** 401/403: the deployment's credentials are wrong; it is skipped until fixed. */
    AUTHENTICATION(true, 502, "api_error", "upstream_authentication_failed"),
    /** The prompt does not fit the model's context window; only a larger model can serve it. */
    CONTEXT_LENGTH_EXCEEDED(false, 400, "invalid_request_error", "context_length_exceeded"),
    /** The upstream refused the content. */
    CONTENT_POLICY(false, 400, "invalid_request_error", "content_policy_violation"),
    /** Any other upstream 4xx: the caller's fault, never retried, passed on. */
    UPSTREAM_BAD_REQUEST(false, 400, "invalid_request_error", null),

    /** The request itself is malformed or ill-typed. */
    INVALID_REQUEST(false, 400, "invalid_request_error", null),
    /** The body is over the size limit. */
    REQUEST_TOO_LARGE(false, 413, "invalid_request_error", "request_too_large"),
    /** No model of that name in the catalog. */
    MODEL_NOT_FOUND(false, 404, "invalid_request_error", "model_not_found"),
    /** Every candidate was filtered out before sending. */
    NO_CANDIDATE(false, 503, "api_error", "no_candidate"),
    /**
     * Every attempt failed, each with a retryable kind (a caller error ends the loop before): retryable, so route-level
     * failover and onException can act on it.
     */
    ALL_ATTEMPTS_FAILED(true, 502, "api_error", "all_attempts_failed"),
    /** The caller went away, the request's deadline passed, or a hedged attempt lost its race. */
    CANCELLED(false, 499, "api_error", "cancelled"),
    /**
     * The gateway itself had no room for the attempt: it waited for an upstream connection of its own pool until its
     * time ran out. Retryable (another deployment may have a free connection); never the provider's fault.
     */
    GATEWAY_BUSY(true, 503, "api_error", "gateway_busy"),
    /**
     * The request's own deadline (the route's or the caller's timeout) passed, shorter than the provider's request
     * timeout: the caller's limit, not the provider's fault.
     */
    DEADLINE_EXCEEDED(false, 504, "api_error", "deadline_exceeded"),
    /** The caller presented no virtual key, or one that is unknown, revoked or expired. */
    UNAUTHENTICATED(false, 401, "invalid_request_error", "invalid_api_key"),
    /** The caller's key may not do this (a model it is not allowed, an admin call). */
    FORBIDDEN(false, 403, "invalid_request_error", "permission_denied"),
    /** The caller's key or team used up its requests or tokens per minute. */
    CALLER_RATE_LIMITED(false, 429, "rate_limit_error", "rate_limit_exceeded"),
    /** The caller's key or team used up its hard budget for the period. */
    BUDGET_EXCEEDED(false, 429, "insufficient_quota", "budget_exceeded"),
    /** A failure of the gateway itself or of a user's route: logged in full, shown to the caller without details. */
    INTERNAL(false, 500, "api_error", "internal_error");

    private final boolean retryable;
    private final int status;
    private final String type;
    private final String code;

    ErrorKind(boolean retryable, int status, String type, String code) {
        this.retryable = retryable;
        this.status = status;
        this.type = type;
        this.code = code;
    }

    /** Whether another attempt (the same deployment or the next candidate) may succeed. */
    public boolean retryable() {
        return retryable;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    /**
     * Whether this failure is the provider's, so its circuit breaker counts it: a connection it refused or dropped, a
     * timeout or stall while it had the request, an answer it broke, a 5xx. The caller's errors, 429s (cooled down
     * instead) and whatever happened inside the gateway (cancellations, its own pool or deadline) never are.
     */
    public boolean countsAgainstProvider() {
        return switch (this) {
            case CONNECT_FAILED, TIMEOUT, FIRST_TOKEN_TIMEOUT, STREAM_STALLED, STREAM_CUT, MALFORMED_RESPONSE,
                 SERVER_ERROR, OVERLOADED -> true;
            default -> false;
        };
    }

    /**
     * Whether the provider itself answered with this error (an error status or a broken body), as opposed to a
     * connection-level failure. A breaker opened by such answers is respected even when every candidate is open; one
     * opened by connection failures is not (see the Ranker's panic routing), as in Envoy's outlier detection.
     */
    public boolean returnedByProvider() {
        return switch (this) {
            case MALFORMED_RESPONSE, SERVER_ERROR, OVERLOADED, RATE_LIMITED, AUTHENTICATION -> true;
            default -> false;
        };
    }

    /** Whether the deployment's statistics (error rate, failures) should record this failure at all. */
    public boolean concernsDeployment() {
        return this != CANCELLED && this != GATEWAY_BUSY && this != DEADLINE_EXCEEDED && this != INTERNAL;
    }
}
