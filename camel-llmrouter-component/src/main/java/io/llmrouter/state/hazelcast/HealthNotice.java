package io.llmrouter.state.hazelcast;

import java.io.Serializable;

import io.llmrouter.state.CircuitStatus;

/**
 * A health change one member broadcasts to all: a circuit transition, a 429 cooldown or rejected credentials. Deadlines
 * travel as wall-clock millis because each JVM's nano clock has its own origin.
 *
 * @param origin the member that decided it, which already applied it
 */
record HealthNotice(Kind kind, CircuitStatus circuit, String reason, long untilEpochMillis, String origin)
        implements Serializable {

    enum Kind { CIRCUIT, COOLDOWN, CREDENTIALS }

    /** The replicated map key: one current notice per deployment and kind. */
    static String key(String deployment, Kind kind) {
        return deployment + '|' + kind;
    }

    static String deploymentOf(String key) {
        return key.substring(0, key.lastIndexOf('|'));
    }
}
