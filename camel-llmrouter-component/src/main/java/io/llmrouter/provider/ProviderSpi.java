package io.llmrouter.provider;

import io.llmrouter.catalog.ProviderType;

/**
 * A provider type whole: its name and catalog settings (the {@link ProviderType} the catalog sees) and the adapter that
 * speaks its wire protocol. A new type is one folder under {@code provider/} (adapter, error classifier, and its
 * settings with one of these when it reads catalog fields of its own, else a {@link BasicType}), listed in
 * {@link ProviderTypes}.
 */
public interface ProviderSpi extends ProviderType {

    /** The type's adapter: one per engine, sharing the engine's HTTP client. */
    ProviderAdapter adapter(UpstreamHttp http);
}
