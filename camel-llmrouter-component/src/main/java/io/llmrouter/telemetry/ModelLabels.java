package io.llmrouter.telemetry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Provider;

/**
 * Label values that stay bounded whatever callers send: a model label is a catalog deployment's id or alias, or
 * {@link #OTHER} (a caller's made-up name, a wildcard name such as {@code groq/anything}); a provider label is a
 * catalog provider's id, or {@link #OTHER}. Each distinct label value is a time series in Prometheus, for as long as
 * the process lives: a free-form name from a caller would let anyone grow the metrics without bound.
 */
public final class ModelLabels {

    /** Every name outside the catalog. */
    public static final String OTHER = "other";
    /** A request that named no model, or one of {@link Catalog#AUTO_NAMES}: the router chose. */
    public static final String AUTO = "auto";

    private final Set<String> models = ConcurrentHashMap.newKeySet();
    private final Set<String> providers = ConcurrentHashMap.newKeySet();

    public ModelLabels(Catalog catalog) {
        add(catalog);
    }

    /** Adds the names of a catalog that replaced the first (labels are never taken back: their series exist). */
    public void add(Catalog catalog) {
        for (Deployment d : catalog.deployments()) {
            models.add(d.id());
            models.addAll(d.model().aliases());
        }
        for (Provider p : catalog.providers()) {
            providers.add(p.id());
        }
    }

    /** The label of a model that answered or was tried: empty when there was none. */
    public String model(String name) {
        if (name == null) {
            return "";
        }
        return models.contains(name) ? name : OTHER;
    }

    /** The label of the model a caller asked for: {@link #AUTO} when it left the choice to the router. */
    public String requested(String name) {
        if (name == null || Catalog.AUTO_NAMES.contains(name)) {
            return AUTO;
        }
        return models.contains(name) ? name : OTHER;
    }

    /** The label of a provider id: empty when there was none. */
    public String provider(String id) {
        if (id == null) {
            return "";
        }
        return providers.contains(id) ? id : OTHER;
    }
}
