package io.llmrouter.governance;

/** A key just created or rotated, with its secret: the only time the secret is known to the gateway. */
public record IssuedKey(VirtualKey key, String secret) {
}
