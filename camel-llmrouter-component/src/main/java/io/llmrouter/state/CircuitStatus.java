package io.llmrouter.state;

/** A deployment's circuit breaker as the rest of the router (and the cluster) sees it. */
public enum CircuitStatus {
    /** Traffic flows. */
    CLOSED,
    /** Too many recent failures: no traffic until the open period ends. */
    OPEN,
    /** Probing: a few calls are let through to see whether the deployment recovered. */
    HALF_OPEN
}
