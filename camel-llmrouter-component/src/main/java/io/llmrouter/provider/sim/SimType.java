package io.llmrouter.provider.sim;

import java.util.Set;
import java.util.function.Function;

import io.llmrouter.catalog.CatalogEntry;
import io.llmrouter.catalog.ProviderSettings;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.ProviderSpi;
import io.llmrouter.provider.UpstreamHttp;

/** The built-in simulated provider: no network, clearly labelled answers. */
public final class SimType implements ProviderSpi {

    private static final Set<String> FIELDS = Set.of("sim");

    @Override
    public String wireName() {
        return "sim";
    }

    @Override
    public Set<String> fields() {
        return FIELDS;
    }

    @Override
    public Set<String> modelFields() {
        return FIELDS;
    }

    @Override
    public ProviderSettings settings(CatalogEntry provider, Function<String, String> env) {
        return SimProfile.read(provider.child("sim"), SimProfile.DEFAULT);
    }

    @Override
    public ProviderSettings modelSettings(CatalogEntry model, ProviderSettings provider) {
        return SimProfile.read(model.child("sim"), (SimProfile) provider);
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public String misplaced(String field) {
        return "sim settings are only allowed for type sim";
    }

    @Override
    public String misplacedInModel(String field) {
        return "sim settings are only allowed for models of a sim provider";
    }

    @Override
    public ProviderAdapter adapter(UpstreamHttp http) {
        return new SimAdapter(http.clock());
    }
}
