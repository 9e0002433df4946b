package io.llmrouter.telemetry;

import java.util.Locale;
import java.util.function.BooleanSupplier;

import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.DeploymentStats;
import io.llmrouter.state.RouterState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per catalog deployment, read from the router's state when scraped (nothing on the request path): its breaker
 * ({@value #BREAKER}, 1 for the state it is in, 0 for the others), whether it is out of rotation and why
 * ({@value #UNAVAILABLE}: an open circuit, a cooldown after a 429, credentials the provider refused) and its attempts
 * under way ({@value #IN_FLIGHT}). With the Hazelcast state these are the cluster's merged view.
 */
public final class DeploymentGauges {

    public static final String BREAKER = "llmrouter.breaker.state";
    public static final String UNAVAILABLE = "llmrouter.deployment.unavailable";
    public static final String IN_FLIGHT = "llmrouter.deployment.in_flight";

    /** The reasons {@link #UNAVAILABLE} tells apart. */
    public static final String CIRCUIT_OPEN = "circuit_open";
    public static final String COOLDOWN = "cooldown";
    public static final String CREDENTIALS = "credentials";

    private DeploymentGauges() {
    }

    public static void register(MeterRegistry registry, Catalog catalog, RouterState state) {
        for (Deployment d : catalog.deployments()) {
            String id = d.id();
            String provider = d.provider().id();
            for (CircuitStatus s : CircuitStatus.values()) {
                gauge(registry, BREAKER, "The deployment's circuit breaker: 1 for the state it is in", id, provider,
                        "state", s.name().toLowerCase(Locale.ROOT), () -> state.stats(id).circuit() == s);
            }
            for (String reason : new String[] {CIRCUIT_OPEN, COOLDOWN, CREDENTIALS}) {
                gauge(registry, UNAVAILABLE, "1 while the deployment is out of rotation for this reason", id, provider,
                        "reason", reason, () -> reason.equals(reason(state.stats(id), state.nanoTime())));
            }
            Gauge.builder(IN_FLIGHT, () -> state.stats(id).inFlight()).strongReference(true)
                    .description("Upstream attempts under way")
                    .tag(AttemptMetrics.DEPLOYMENT, id).tag(GenAiConventions.PROVIDER_NAME, provider)
                    .register(registry);
        }
    }

    /**
     * Why the deployment is out of rotation now, as one of the bounded reasons, or null. The state says why in words
     * (for the admin API and logs); they are mapped here, in the order the state checks them.
     */
    static String reason(DeploymentStats stats, long nowNanos) {
        String why = stats.unavailableReason(nowNanos);
        if (why == null) {
            return null;
        }
        if (why.startsWith("circuit open")) {
            return CIRCUIT_OPEN;
        }
        return why.startsWith("cooling down") ? COOLDOWN : CREDENTIALS;
    }

    private static void gauge(MeterRegistry registry, String name, String description, String deployment,
                              String provider, String key, String value, BooleanSupplier on) {
        Gauge.builder(name, () -> on.getAsBoolean() ? 1 : 0).strongReference(true).description(description)
                .tag(AttemptMetrics.DEPLOYMENT, deployment).tag(GenAiConventions.PROVIDER_NAME, provider)
                .tag(key, value).register(registry);
    }
}
