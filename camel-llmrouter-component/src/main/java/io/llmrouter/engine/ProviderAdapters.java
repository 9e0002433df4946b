package io.llmrouter.engine;

import java.util.IdentityHashMap;
import java.util.Map;

import io.llmrouter.catalog.ProviderType;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.ProviderSpi;
import io.llmrouter.provider.ProviderTypes;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.provider.sim.SimAdapter;
import io.llmrouter.provider.sim.SimControls;

/** One adapter per registered provider type ({@link ProviderTypes}), all sharing one HTTP client. */
public final class ProviderAdapters {

    private final Map<ProviderType, ProviderAdapter> adapters = new IdentityHashMap<>();

    public ProviderAdapters(UpstreamHttp http) {
        for (ProviderSpi type : ProviderTypes.ALL) {
            adapters.put(type, type.adapter(http));
        }
    }

    /** The simulator's live knobs, which demos and tests turn. */
    public SimControls simControls() {
        return ((SimAdapter) forType(ProviderTypes.SIM)).controls();
    }

    public ProviderAdapter forType(ProviderType type) {
        ProviderAdapter a = adapters.get(type);
        if (a == null) {
            throw new IllegalStateException("no adapter for provider type " + type.wireName());
        }
        return a;
    }
}
