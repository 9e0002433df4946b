package io.llmrouter.engine;

import io.llmrouter.api.LlmException;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.scoring.Ranking;

/**
 * Hears what happens to each request: the hook for metrics, access logs and traces, registered with
 * {@link LlmEngine.Builder#listener}. Called on the request's event loop, so it must not block; an exception it throws
 * is logged and otherwise ignored.
 */
public interface RequestListener {

    /** The request was ranked; its attempts begin. */
    default void ranked(RouteOptions options, Ranking ranking) {
    }

    /** An answer was given. For a stream this is its first token: usage and cost come with {@link #streamEnded}. */
    default void answered(RouteOptions options, Routed<?> routed) {
    }

    /** The request failed before any answer. */
    default void failed(RouteOptions options, LlmException error) {
    }

    /**
     * A stream that had begun ended.
     *
     * @param usage null when the provider reported none
     * @param error null when the stream ended well
     */
    default void streamEnded(RouteOptions options, Deployment deployment, Usage usage, double costUsd,
                             LlmException error) {
    }
}
