package io.llmrouter.provider;

import java.time.Clock;

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

    /** The error answer, with the wait its headers ask for ({@link RetryAfter}) over any its body named. */
    default LlmException answer(Deployment d, HttpClientResponse resp, byte[] body) {
        LlmException e = classify(d, resp.statusCode(), resp.headers(), body);
        long wait = RetryAfter.millis(resp.headers(), Clock.systemUTC());
        return wait >= 0 ? e.retryAfter(wait) : e;
    }
}
