package io.llmrouter.telemetry;

import java.util.Map;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Usage;

/**
 * One upstream attempt as its observer sees it: the headers that carry its trace context upstream, and its end, told
 * exactly once whichever way it ends (answered, a stream ended or broke, failed, cancelled), from the thread that ended
 * it.
 */
public interface AttemptTrace {

    AttemptTrace NONE = new AttemptTrace() {
    };

    /** Headers sent with this attempt's upstream request (e.g. W3C {@code traceparent}); empty when none. */
    default Map<String, String> headers() {
        return Map.of();
    }

    /**
     * @param failure null when the attempt answered
     * @param usage   the usage the provider reported, null when none (or the attempt failed)
     * @param nanos   how long the attempt took, as the router's state recorded it
     */
    default void ended(ErrorKind failure, Usage usage, long nanos) {
    }
}
