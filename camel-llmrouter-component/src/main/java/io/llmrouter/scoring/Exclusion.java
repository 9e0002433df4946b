package io.llmrouter.scoring;

/**
 * A candidate filtered out before sending, and why.
 *
 * @param health          true when the reason is the deployment's health (503), false when it cannot serve the request
 *                        (400)
 * @param openOnConnections the only reason is a circuit that connection failures opened: such candidates are routed
 *                        to anyway when nothing else is left (panic routing)
 */
public record Exclusion(String deployment, String reason, boolean health, boolean openOnConnections) {

    public Exclusion(String deployment, String reason, boolean health) {
        this(deployment, reason, health, false);
    }
}
