package io.llmrouter.catalog;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A provider endpoint. The API key is read from the environment at load time; {@link #toString()} never shows it.
 *
 * @param regions        where the provider processes data (e.g. us, eu), for data-residency filters; empty if unknown
 * @param disabledReason null when enabled, else why (for the startup log)
 */
public record Provider(String id, ProviderType type, String baseUrl, String apiKeyEnv, String apiKey,
                       Map<String, String> headers, Duration connectTimeout, Duration requestTimeout, SimProfile sim,
                       Set<String> regions, String disabledReason) {

    public boolean enabled() {
        return disabledReason == null;
    }

    @Override
    public String toString() {
        return "Provider[" + id + ", " + type.wireName() + ", " + baseUrl + (apiKey != null ? ", key from " + apiKeyEnv : "")
                + (enabled() ? "" : ", disabled: " + disabledReason) + "]";
    }
}
