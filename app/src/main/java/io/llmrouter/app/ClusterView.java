package io.llmrouter.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.hazelcast.cluster.Member;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.Deployment;
import java.util.function.Supplier;
import io.llmrouter.state.DeploymentStats;
import io.llmrouter.state.RouterState;
import io.llmrouter.state.hazelcast.HazelcastRouterState;

/**
 * What {@code GET /admin/cluster} shows: the members and, per deployment of the catalog, the merged health, breaker,
 * peak-EWMA latency, in-flight and spend as this node sees them. A single node reports itself in mode "standalone".
 */
public final class ClusterView {

    private final Supplier<Catalog> catalog;
    private final RouterState state;

    /** @param catalog the catalog served now */
    public ClusterView(Supplier<Catalog> catalog, RouterState state) {
        this.catalog = catalog;
        this.state = state;
    }

    public Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> members = new ArrayList<>();
        if (state instanceof HazelcastRouterState h) {
            out.put("mode", "cluster");
            out.put("name", h.hazelcast().getConfig().getClusterName());
            for (Member m : h.hazelcast().getCluster().getMembers()) {
                members.add(Map.of("address", m.getAddress().toString(), "local", m.localMember()));
            }
        } else {
            out.put("mode", "standalone");
            members.add(Map.of("address", "this node", "local", true));
        }
        out.put("members", members);
        long now = state.nanoTime();
        Map<String, Double> spend = state.spendByModel();
        List<Map<String, Object>> deployments = new ArrayList<>();
        for (Deployment d : catalog.get().deployments()) {
            DeploymentStats s = state.stats(d.id());
            String why = s.unavailableReason(now);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", d.id());
            row.put("available", why == null);
            if (why != null) {
                row.put("reason", why);
            }
            row.put("breaker", s.circuit().name());
            row.put("peakEwmaMs", Math.round(s.peakEwmaMs(false, now) * 10) / 10.0);
            row.put("inFlight", s.inFlight());
            // the engine books spend under the deployment's id
            row.put("spendUsd", spend.getOrDefault(d.id(), 0.0));
            deployments.add(row);
        }
        out.put("deployments", deployments);
        return out;
    }

}
