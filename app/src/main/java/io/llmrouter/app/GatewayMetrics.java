package io.llmrouter.app;

import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.llmrouter.cache.CacheMode;
import io.llmrouter.cache.ResponseCache;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.LiveCatalog;
import io.llmrouter.governance.Governance;
import io.llmrouter.state.RouterState;
import io.llmrouter.telemetry.AttemptMetrics;
import io.llmrouter.telemetry.DeploymentGauges;
import io.llmrouter.telemetry.ModelLabels;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The gateway's metrics, on by default ({@code LLMROUTER_METRICS=false} leaves all of this out): one Prometheus
 * registry, and what feeds it. Per request, the front door's {@link RequestMetrics} and the engine's
 * {@link AttemptMetrics}; at scrape time, gauges over the router's state (breakers, cooldowns), the front door and the
 * budgets. Served by
 * {@link MetricsEndpoint} at {@code GET /metrics}.
 */
final class GatewayMetrics implements AutoCloseable {

    /** camel-micrometer looks its registry up by this name: routes that use it publish to the same endpoint. */
    static final String REGISTRY_BEAN = "metricsRegistry";
    static final String IN_FLIGHT = "llmrouter.in_flight";
    static final String CACHE_LOOKUPS = "llmrouter.cache.lookups";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RequestMetrics requests;
    private final AttemptMetrics attempts;
    private final MetricsEndpoint endpoint;
    private Supplier<ResponseCache> cache;

    /** @param state the router state the llm component's engine uses (the gateway binds it) */
    GatewayMetrics(LiveCatalog live, RouterState state, Governance governance) {
        Catalog catalog = live.get();
        ModelLabels labels = new ModelLabels(catalog);
        // a reloaded catalog's new models get their labels and gauges; removed ones keep theirs
        live.onReplace(next -> {
            labels.add(next);
            DeploymentGauges.register(registry, next, state);
        });
        this.requests = new RequestMetrics(registry, labels);
        this.attempts = new AttemptMetrics(registry, labels);
        this.endpoint = new MetricsEndpoint(registry, new BudgetGauges(registry, governance));
        DeploymentGauges.register(registry, catalog, state);
        // the process's own, whose series are fixed once the JVM runs (GC metrics are not: their labels come with
        // each new kind of collection)
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    RequestObserver requests() {
        return requests;
    }

    AttemptMetrics attempts() {
        return attempts;
    }

    MetricsEndpoint endpoint() {
        return endpoint;
    }

    /** The front door's requests in flight, once it exists. */
    void frontDoor(IntSupplier frontDoorInFlight) {
        Gauge.builder(IN_FLIGHT, frontDoorInFlight::getAsInt).strongReference(true)
                .description("Requests the front door holds now (LLMROUTER_MAX_IN_FLIGHT is the most)")
                .register(registry);
    }

    /** Response cache lookups by mode and result, read from the engine's cache when scraped (0 until it starts). */
    void responseCache(Supplier<ResponseCache> cache) {
        this.cache = cache; // the registry holds what it reads weakly
        for (CacheMode mode : List.of(CacheMode.EXACT, CacheMode.SEMANTIC)) {
            for (boolean hit : new boolean[]{true, false}) {
                FunctionCounter.builder(CACHE_LOOKUPS, cache, c -> {
                    try {
                        return hit ? c.get().hits(mode) : c.get().misses(mode);
                    } catch (IllegalStateException notStarted) {
                        return 0;
                    }
                }).tags("mode", mode.name().toLowerCase(Locale.ROOT), "result", hit ? "hit" : "miss")
                        .description("Response cache lookups; a hit is answered without calling a model")
                        .register(registry);
            }
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
