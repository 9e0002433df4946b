package io.llmrouter.resilience;

import io.llmrouter.api.ErrorKind;

/**
 * One call to one deployment.
 *
 * @param failure null when this attempt answered
 * @param message what went wrong, null on success
 */
public record Attempt(String deployment, ErrorKind failure, String message, long durationNanos) {
}
