package io.llmrouter.telemetry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.engine.RequestListener;
import io.llmrouter.engine.RouteOptions;
import io.llmrouter.engine.Routed;
import io.llmrouter.resilience.Attempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Upstream attempts of answered requests, as the engine made them: {@value #ATTEMPTS} by deployment and error kind
 * (empty for the one that answered), and {@value #FAILOVERS}: each failed attempt after which the request went on
 * and was answered (by another candidate, or by the same one on a retry). Counters are made once per deployment and
 * kind and kept, so an answer costs a map lookup and an increment per attempt.
 */
public final class AttemptMetrics implements RequestListener {

    public static final String ATTEMPTS = "llmrouter.attempts";
    public static final String FAILOVERS = "llmrouter.failovers";
    /** The tag of the deployment an attempt went to. */
    public static final String DEPLOYMENT = "deployment";

    private static final ErrorKind[] KINDS = ErrorKind.values();

    private final MeterRegistry registry;
    private final ModelLabels labels;
    /** Per deployment label: attempt counters by kind (slot 0 the answering one), then failover counters by kind. */
    private final ConcurrentMap<String, AtomicReferenceArray<Counter>> counters = new ConcurrentHashMap<>();

    public AttemptMetrics(MeterRegistry registry, ModelLabels labels) {
        this.registry = registry;
        this.labels = labels;
    }

    @Override
    public void answered(RouteOptions options, Routed<?> routed) {
        for (Attempt a : routed.attempts()) {
            String deployment = labels.model(a.deployment());
            AtomicReferenceArray<Counter> slots = counters.computeIfAbsent(deployment,
                    d -> new AtomicReferenceArray<>(2 * KINDS.length + 1));
            counter(slots, a.failure() == null ? 0 : 1 + a.failure().ordinal(), ATTEMPTS,
                    "Upstream attempts of answered requests", deployment, a.failure()).increment();
            if (a.failure() != null) {
                counter(slots, 1 + KINDS.length + a.failure().ordinal(), FAILOVERS,
                        "Failed attempts after which the request was answered all the same", deployment, a.failure())
                        .increment();
            }
        }
    }

    private Counter counter(AtomicReferenceArray<Counter> slots, int slot, String name, String description,
                            String deployment, ErrorKind kind) {
        Counter c = slots.get(slot);
        if (c == null) {
            // two threads may both register: the registry hands both the same counter
            c = Counter.builder(name).description(description)
                    .tag(DEPLOYMENT, deployment)
                    .tag(GenAiConventions.ERROR_TYPE, kind == null ? "" : kind.name())
                    .register(registry);
            slots.set(slot, c);
        }
        return c;
    }
}
