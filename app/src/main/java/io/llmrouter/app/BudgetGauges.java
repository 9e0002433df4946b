package io.llmrouter.app;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmrouter.governance.BudgetStatus;
import io.llmrouter.governance.Governance;
import io.llmrouter.governance.Limits;
import io.llmrouter.governance.Team;
import io.llmrouter.governance.VirtualKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@value #NAME}: what is left of each budget this period, per key and per team that has one, read from
 * {@link Governance#budgetStatus} when scraped. Keys and teams come and go: {@link #refresh()} (before each scrape)
 * adds a gauge for a new budget and removes the gauge of a revoked key or a dropped budget.
 */
final class BudgetGauges {

    static final String NAME = "llmrouter.budget.remaining";

    /** One budget's holder, its limits refreshed with the keys and teams. */
    private record Subject(String id, boolean team, Limits limits) {
    }

    private final MeterRegistry registry;
    private final Governance governance;
    private final Map<String, Subject> subjects = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new HashMap<>();

    BudgetGauges(MeterRegistry registry, Governance governance) {
        this.registry = registry;
        this.governance = governance;
    }

    /** Reads the keys and teams from the store (blocking: call it off the event loop). */
    synchronized void refresh() {
        Map<String, Subject> now = new HashMap<>();
        for (Team t : governance.teams()) {
            if (t.limits().budget() != null) {
                now.put("team/" + t.id(), new Subject(t.id(), true, t.limits()));
            }
        }
        for (VirtualKey k : governance.keys()) {
            if (!k.revoked() && k.limits().budget() != null) {
                now.put("key/" + k.id(), new Subject(k.id(), false, k.limits()));
            }
        }
        subjects.putAll(now);
        for (Iterator<Map.Entry<String, Gauge>> it = gauges.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Gauge> g = it.next();
            if (!now.containsKey(g.getKey())) {
                registry.remove(g.getValue());
                subjects.remove(g.getKey());
                it.remove();
            }
        }
        for (Map.Entry<String, Subject> s : now.entrySet()) {
            gauges.computeIfAbsent(s.getKey(), name -> Gauge.builder(NAME, () -> remaining(name))
                    .strongReference(true).baseUnit("usd")
                    .description("What is left of the budget this period, in USD")
                    .tag("scope", s.getValue().team() ? "team" : "key").tag("id", s.getValue().id())
                    .register(registry));
        }
    }

    private double remaining(String name) {
        Subject s = subjects.get(name);
        if (s == null) {
            return Double.NaN;
        }
        return governance.budgetStatus(s.id(), s.team(), s.limits()).map(BudgetStatus::remainingUsd)
                .orElse(Double.NaN);
    }
}
