package io.llmrouter.app.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import io.llmrouter.api.ChatStream;
import io.llmrouter.app.ClusterView;
import io.llmrouter.app.RequestObserver;
import io.llmrouter.app.RequestSummary;
import io.llmrouter.engine.RequestListener;
import io.llmrouter.governance.Governance;
import io.llmrouter.engine.RouteOptions;
import io.llmrouter.engine.Routed;
import io.llmrouter.resilience.Attempt;
import io.llmrouter.scoring.Ranking;
import io.llmrouter.state.DeploymentStats;
import io.llmrouter.state.RouterState;

/**
 * The live dashboard's feed ({@code GET /admin/dashboard}, drawn by {@code /ui}). It hears each attempt from the engine
 * (a {@link RequestListener}: per deployment latency or, for streams, time to first token, and failures by kind) and
 * each request from the front door (a {@link RequestObserver}: request rate, errors, spend, the routing decision), and
 * keeps only recent, bounded windows of them. Reads merge that with the cluster view of health and breakers.
 */
public final class Dashboard implements RequestObserver, RequestListener {

    /** Routing decisions kept for the page. */
    static final int DECISIONS = 50;
    /** Deployments tracked; more exist only with wildcard providers, and those past the limit are not shown. */
    static final int MAX_DEPLOYMENTS = 256;
    static final int TRAFFIC_SECONDS = 120;
    static final int ERROR_MINUTES = 5;
    /** Request rates are averaged over this many seconds. */
    static final int RATE_SECONDS = 10;
    private static final long PERCENTILE_WINDOW_NANOS = 5 * 60 * 1_000_000_000L;
    private static final int MAX_TEXT = 120;

    private final ClusterView cluster;
    private final RouterState state;
    private final Map<String, DeploymentFeed> feeds = new ConcurrentHashMap<>();
    private final SecondCounts requests = new SecondCounts(TRAFFIC_SECONDS + 1);
    private final KindCounts errors = new KindCounts(ERROR_MINUTES);
    private final SpendSeries spend = new SpendSeries();
    private final ArrayDeque<RequestSummary> decisions = new ArrayDeque<>(DECISIONS);
    private final LedgerSpend ledger;

    public Dashboard(ClusterView cluster, RouterState state, Governance governance) {
        this.cluster = cluster;
        this.state = state;
        this.ledger = new LedgerSpend(governance);
    }

    @Override
    public void answered(RouteOptions options, Routed<?> routed) {
        long now = System.nanoTime();
        long second = System.currentTimeMillis() / 1000;
        long minute = second / 60;
        boolean stream = routed.value() instanceof ChatStream;
        for (Attempt a : routed.attempts()) {
            DeploymentFeed f = feed(a.deployment());
            if (f == null) {
                continue;
            }
            if (a.failure() == null) {
                // a stream's attempt is over at its first token
                (stream ? f.ttftMs : f.latencyMs).add(a.durationNanos() / 1e6, now);
                f.answered.add(second);
                f.answeredTotal.incrementAndGet();
            } else {
                f.errors.add(a.failure().name(), minute);
                f.failedTotal.incrementAndGet();
            }
        }
    }

    @Override
    public void requestEnded(RequestSummary r) {
        long second = System.currentTimeMillis() / 1000;
        requests.add(second);
        if (r.status() >= 400) {
            // an ErrorKind, or the code of a refusal the gateway made itself: a bounded set either way
            errors.add(r.errorKind() != null ? r.errorKind() : r.errorCode() != null ? r.errorCode()
                    : "HTTP_" + r.status(), second / 60);
        }
        if (r.costUsd() > 0) {
            spend.add(second / 60, r.model(), r.keyId(), r.team(), r.costUsd());
        }
        if (r.decision() != null || r.errorKind() != null) {
            synchronized (decisions) {
                if (decisions.size() == DECISIONS) {
                    decisions.removeLast();
                }
                // without the audited prompt and answer: fifty of those could hold fifty request bodies
                decisions.addFirst(r.audit() == null ? r : r.withoutAudit());
            }
        }
    }

    private DeploymentFeed feed(String deployment) {
        DeploymentFeed f = feeds.get(deployment);
        if (f == null && feeds.size() < MAX_DEPLOYMENTS) {
            f = feeds.computeIfAbsent(deployment, k -> new DeploymentFeed());
        }
        return f;
    }

    /**
     * The live part of the page: the gateway's load and errors, each deployment's health, breaker, latency, traffic
     * and errors (the cluster view's rows, extended), spend per minute, the last decisions, the members.
     *
     * @param inFlight the front door's requests under way
     */
    Map<String, Object> report(IntSupplier inFlight) {
        long nowNanos = System.nanoTime();
        long second = System.currentTimeMillis() / 1000;
        Map<String, Object> out = new LinkedHashMap<>(cluster.report());
        out.put("time", System.currentTimeMillis());
        Map<String, Object> gateway = new LinkedHashMap<>();
        gateway.put("inFlight", inFlight.getAsInt());
        gateway.put("requestsPerSecond", round(requests.perSecond(second, RATE_SECONDS), 100));
        gateway.put("errorsByKind", errors.recent(second / 60));
        gateway.put("errorWindowMinutes", ERROR_MINUTES);
        out.put("gateway", gateway);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) out.get("deployments");
        Map<String, Object> traffic = new LinkedHashMap<>();
        List<Long> seconds = new ArrayList<>();
        for (int k = TRAFFIC_SECONDS; k > 0; k--) {
            seconds.add(second - k);
        }
        traffic.put("seconds", seconds);
        Map<String, int[]> perDeployment = new LinkedHashMap<>();
        List<Map<String, Object>> extended = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("id");
            Map<String, Object> r = new LinkedHashMap<>(row);
            DeploymentStats s = state.stats(id);
            r.put("errorRate", round(s.errorRate(), 1000));
            DeploymentFeed f = feeds.get(id);
            r.put("answered", f == null ? 0 : f.answeredTotal.get());
            r.put("failedAttempts", f == null ? 0 : f.failedTotal.get());
            r.put("latencyMs", f == null ? null : percentiles(f.latencyMs.percentiles(nowNanos, PERCENTILE_WINDOW_NANOS)));
            r.put("ttftMs", f == null ? null : percentiles(f.ttftMs.percentiles(nowNanos, PERCENTILE_WINDOW_NANOS)));
            r.put("requestsPerSecond", f == null ? 0.0 : round(f.answered.perSecond(second, RATE_SECONDS), 100));
            r.put("errorsByKind", f == null ? Map.of() : f.errors.recent(second / 60));
            perDeployment.put(id, f == null ? new int[TRAFFIC_SECONDS] : f.answered.last(second, TRAFFIC_SECONDS));
            extended.add(r);
        }
        out.put("deployments", extended);
        traffic.put("answered", perDeployment);
        out.put("traffic", traffic);
        out.put("spend", spend.snapshot(second / 60));
        out.put("decisions", decisions());
        return out;
    }

    LedgerSpend ledger() {
        return ledger;
    }

    private List<Map<String, Object>> decisions() {
        List<RequestSummary> recent;
        synchronized (decisions) {
            recent = new ArrayList<>(decisions);
        }
        List<Map<String, Object>> out = new ArrayList<>(recent.size());
        for (RequestSummary r : recent) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("at", r.startedEpochMillis());
            d.put("requestId", r.requestId());
            d.put("path", r.path());
            d.put("key", r.keyId());
            d.put("team", r.team());
            d.put("requestedModel", clip(r.requestedModel())); // the caller's text
            d.put("model", r.model());
            d.put("provider", r.provider());
            d.put("stream", r.stream());
            d.put("status", r.status());
            d.put("error", r.errorKind());
            d.put("attempts", r.attempts());
            d.put("failedAttempts", r.failedAttempts());
            d.put("durationMs", round(r.durationNanos() / 1e6, 10));
            d.put("ttftMs", r.ttftNanos() < 0 ? null : round(r.ttftNanos() / 1e6, 10));
            d.put("costUsd", Double.isNaN(r.costUsd()) ? null : r.costUsd());
            Ranking ranking = r.decision();
            if (ranking != null) {
                d.putAll(ranking.explain());
            } else {
                d.put("strategy", r.strategy());
            }
            out.add(d);
        }
        return out;
    }

    private static Map<String, Object> percentiles(Reservoir.Percentiles p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("p50", round(p.p50(), 10));
        out.put("p95", round(p.p95(), 10));
        out.put("samples", p.samples());
        return out;
    }

    private static double round(double v, int per) {
        return Double.isFinite(v) ? Math.round(v * per) / (double) per : 0;
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}
