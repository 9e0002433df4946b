package io.llmrouter.scoring;

/**
 * A candidate filtered out before sending, and why.
 *
 * @param health true when the reason is the deployment's health (503), false when it cannot serve the request (400)
 */
public record Exclusion(String deployment, String reason, boolean health) {
}
