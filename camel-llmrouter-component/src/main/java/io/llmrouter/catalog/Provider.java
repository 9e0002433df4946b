package io.llmrouter.catalog;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A provider endpoint. The API key is read from the environment at load time; {@link #toString()} never shows it.
 *
 * @param settings       what only this provider's type reads (see {@link ProviderType#settings}); null when nothing
 * @param regions        where the provider processes data (e.g. us, eu), for data-residency filters; empty if unknown
 * @param disabledReason null when enabled, else why (for the startup log)
 */
public record Provider(String id, ProviderType type, String baseUrl, String apiKeyEnv, String apiKey,
                       Map<String, String> headers, Duration connectTimeout, Duration requestTimeout,
                       ProviderSettings settings, Set<String> regions, String disabledReason) {

    public boolean enabled() {
        return disabledReason == null;
    }

    /** The type's settings as the record its type reads them into. */
    public <S extends ProviderSettings> S settings(Class<S> type) {
        if (!type.isInstance(settings)) {
            throw new IllegalStateException("provider '" + id + "' of type " + this.type.wireName() + " has no "
                    + type.getSimpleName());
        }
        return type.cast(settings);
    }

    /** The same provider, disabled for the given reason. */
    public Provider disabled(String reason) {
        return new Provider(id, type, baseUrl, apiKeyEnv, apiKey, headers, connectTimeout, requestTimeout, settings,
                regions, reason);
    }

    @Override
    public String toString() {
        return "Provider[" + id + ", " + type.wireName() + ", " + baseUrl + (apiKey != null ? ", key from " + apiKeyEnv : "")
                + (settings != null ? ", " + settings : "") + (enabled() ? "" : ", disabled: " + disabledReason) + "]";
    }
}
