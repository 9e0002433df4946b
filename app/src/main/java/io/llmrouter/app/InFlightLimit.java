package io.llmrouter.app;

import java.util.concurrent.atomic.AtomicInteger;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.Dialect;
import io.vertx.core.http.HttpServerResponse;

/**
 * The gateway's own backpressure: at most {@code max} requests in flight across the front door. One more is refused
 * at once with 429 and {@code Retry-After}, before any parsing or routing, so a saturated gateway sheds load fast and
 * never blames a provider for it (nothing reaches the breakers or the state).
 */
final class InFlightLimit {

    /** Seconds a refused caller is asked to wait; OpenAI's SDKs honour it when they retry. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();

    InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the in-flight limit must be at least 1, was " + max);
        }
        this.max = max;
    }

    /** Admits the request (call {@link #leave()} once when it ends), or answers it 429 and returns false. */
    boolean admit(HttpServerResponse response, Dialect dialect) {
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            refuse(response, dialect);
            return false;
        }
        return true;
    }

    /**
     * Answers 429 at once when the gateway is full, before the request's body is read (then its connection is closed:
     * the unread body cannot be skipped): a saturated gateway does not spend time reading bodies it will refuse.
     * Requests that pass are admitted once their body is in ({@link #admit}).
     */
    void refuseEarly(HttpServerResponse response, Dialect dialect) {
        response.putHeader("connection", "close");
        refuse(response, dialect);
    }

    /** No room for one more request: {@link #refuseEarly} it. */
    boolean full() {
        return inFlight.get() >= max;
    }

    private void refuse(HttpServerResponse response, Dialect dialect) {
        response.putHeader("retry-after", RETRY_AFTER_SECONDS);
        ResponseWriter.error(response, LlmException.of(ErrorKind.RATE_LIMITED, 429, "The gateway is at its limit"
                + " of " + max + " requests in flight; retry after " + RETRY_AFTER_SECONDS + " s.", null,
                "gateway_overloaded", null, null), dialect);
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }
}
