package io.llmrouter.governance;

import java.time.Instant;

/**
 * Spend as the ledger keeps it: one answer's, or the sum of several answers' of the same key, team, model and
 * deployment within one second ({@link SpendRollup}).
 *
 * @param key     the virtual key's id, or null when the gateway runs without keys
 * @param team    the key's team, or null
 * @param answers how many answers the entry sums
 */
public record SpendEntry(Instant at, String key, String team, String model, String deployment, long promptTokens,
                         long cachedTokens, long completionTokens, double usd, int answers) {

    /** One answer's spend. */
    public SpendEntry(Instant at, String key, String team, String model, String deployment, long promptTokens,
                      long cachedTokens, long completionTokens, double usd) {
        this(at, key, team, model, deployment, promptTokens, cachedTokens, completionTokens, usd, 1);
    }
}
