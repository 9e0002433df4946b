package io.llmrouter.telemetry;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.scoring.Ranking;

/**
 * What the engine tells one request's observer as the request runs: its ranking, and each upstream attempt as it
 * starts (the attempt's own {@link AttemptTrace} hears how it ends). Given per request, with
 * {@link io.llmrouter.engine.RouteOptions#withTrace}, by whoever keeps the request's span or log line (the gateway's
 * front door); {@link #NONE} otherwise. Called on the request's event loop, except attempt ends (see
 * {@link AttemptTrace}): must not block, and must not throw.
 */
public interface RequestTrace {

    /** Hears nothing and adds no header: what a request without an observer has. */
    RequestTrace NONE = new RequestTrace() {
    };

    /** The candidates were ranked: the decision, with scores and exclusions. */
    default void ranked(Ranking ranking) {
    }

    /** An attempt on {@code d} starts now. */
    default AttemptTrace attempt(Deployment d) {
        return AttemptTrace.NONE;
    }
}
