package io.llmrouter.governance;

import java.time.Instant;

/**
 * One answer's spend as the ledger keeps it.
 *
 * @param key  the virtual key's id, or null when the gateway runs without keys
 * @param team the key's team, or null
 */
public record SpendEntry(Instant at, String key, String team, String model, String deployment, long promptTokens,
                         long cachedTokens, long completionTokens, double usd) {
}
