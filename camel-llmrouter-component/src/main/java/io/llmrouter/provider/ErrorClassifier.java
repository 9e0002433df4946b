package io.llmrouter.provider;

import java.time.Clock;

import io.llmrouter.api.ErrorBody;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Deployment;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;

/**
 * Reads a provider type's error answers (any status but 200) as the router's errors: their kind, and what is passed
 * on to the caller. Each type has one; the wait the upstream asked for is read by {@link #answer}, the same for all.
 */
@FunctionalInterface
public interface ErrorClassifier {

    LlmException classify(Deployment d, int status, MultiMap headers, byte[] body);

    /**
     * The error of a provider that does not speak OpenAI: retryable kinds are the router's to describe; a caller's
     * error is passed on with the upstream's 4xx status and message, in OpenAI's error shape, since the caller speaks
     * OpenAI.
     *
     * @param summary what the router logs and reports
     * @param message the upstream's own words, null when it gave none
     * @param type    the OpenAI error type to pass on, null for the kind's
     */
    static LlmException translated(ErrorKind kind, int status, String summary, String message, String type) {
        if (kind.retryable()) {
            return LlmException.of(kind, kind.status(), summary, null, null, null, null);
        }
        String code = kind == ErrorKind.CONTEXT_LENGTH_EXCEEDED ? kind.code() : null;
        byte[] passOn = Json.bytes(ErrorBody.of(message != null ? message : summary, type != null ? type : kind.type(),
                null, code));
        return LlmException.of(kind, status >= 400 && status < 500 ? status : kind.status(), summary, null, code,
                passOn, null);
    }

    /**
     * The error answer, with the wait its headers ask for ({@link RetryAfter}) over any its body named.
     *
     * @param clock reads a Retry-After given as an HTTP date
     */
    default LlmException answer(Deployment d, HttpClientResponse resp, byte[] body, Clock clock) {
        LlmException e = classify(d, resp.statusCode(), resp.headers(), body);
        long wait = RetryAfter.millis(resp.headers(), clock);
        return wait >= 0 ? e.retryAfter(wait) : e;
    }
}
