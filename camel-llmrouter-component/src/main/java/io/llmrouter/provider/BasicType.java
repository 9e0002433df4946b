package io.llmrouter.provider;

import java.util.function.Function;

/** A provider type that reads no catalog fields of its own: a name and how to make its adapter. */
public record BasicType(String wireName, Function<UpstreamHttp, ProviderAdapter> adapters) implements ProviderSpi {

    @Override
    public ProviderAdapter adapter(UpstreamHttp http) {
        return adapters.apply(http);
    }
}
