package io.llmrouter.state.hazelcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryEventType;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.state.BudgetHold;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.DeploymentCell;
import io.llmrouter.state.DeploymentStats;
import io.llmrouter.state.InMemoryRouterState;
import io.llmrouter.state.RouterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clustered {@link RouterState}. The hot path stays local: latency, throughput and error statistics live in this
 * node's {@link InMemoryRouterState} and are published to the other members in the background; {@link #stats} merges
 * them. Health changes (circuit transitions, 429 cooldowns, rejected credentials) are broadcast through a replicated
 * map, so every node and every late joiner applies them. Only what must be exact goes to a partition owner: rpm/tpm
 * windows of limited deployments ({@link RateWindows}: each node admits from a share of the headroom granted to it,
 * one attempt at a time near the limit, awaited without blocking) and the spend ledger ({@link SpendLedger}:
 * group-committed to a shard this member owns).
 */
public final class HazelcastRouterState implements RouterState, AutoCloseable {

    static final String RATE_MAP = "llmrouter.rate";
    static final String SPEND_MAP = "llmrouter.spend";
    static final String BUDGET_MAP = "llmrouter.budget";
    static final String HEALTH_MAP = "llmrouter.health";
    static final String STATS_MAP = "llmrouter.stats";
    static final String PROBE_MAP = "llmrouter.probes";
    /** A probe's claim lapses after this even if its node died before giving it back. */
    static final Duration PROBE_LEASE = Duration.ofSeconds(30);
    /** The longest a probe claim may hold an event loop: about a hundred remote map calls on loopback. */
    static final long PROBE_CLAIM_WAIT_MILLIS = 20;
    public static final Duration DEFAULT_PUBLISH_EVERY = Duration.ofMillis(250);
    private static final CompletableFuture<Void> RECORDING = CompletableFuture.completedFuture(null);
    /** A circuit notice's reason when the provider's own error answers opened it. */
    private static final String PROVIDER_ANSWERS = "provider-answers";

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastRouterState.class);

    private final HazelcastInstance hz;
    private final LongSupplier nanoClock;
    private final LongSupplier epochMillis;
    private final InMemoryRouterState local;
    private final String member;
    private final RateWindows windows;
    private final SpendLedger spend;
    private final IMap<String, BudgetTally> budgets;
    private final IMap<String, String> probes;
    private final ReplicatedMap<String, HealthNotice> health;
    private final ReplicatedMap<String, StatsSnapshot> stats;
    private final ConcurrentHashMap<String, MergedStats> merged = new ConcurrentHashMap<>();
    private final Map<String, StatsSnapshot> published = new HashMap<>();
    private final ConcurrentHashMap<String, HealthNotice> applied = new ConcurrentHashMap<>();
    private final ScheduledExecutorService background;
    /** Cluster calls that follow the answer of another: Hazelcast's response threads may not make them. */
    private final ExecutorService nextCalls;
    private final boolean answerAfterSpend;
    private final UUID healthListener;
    private final UUID membershipListener;

    public HazelcastRouterState(HazelcastInstance hz, ClusterSettings.SpendDurability durability) {
        this(hz, System::nanoTime, System::currentTimeMillis, DEFAULT_PUBLISH_EVERY, durability);
    }

    /**
     * @param epochMillis the wall clock, used for what crosses JVMs (deadlines, rate windows), whose nano clocks differ
     */
    public HazelcastRouterState(HazelcastInstance hz, LongSupplier nanoClock, LongSupplier epochMillis,
            Duration publishEvery, ClusterSettings.SpendDurability durability) {
        this.hz = hz;
        this.nanoClock = nanoClock;
        this.epochMillis = epochMillis;
        this.local = new InMemoryRouterState(nanoClock);
        this.member = hz.getLocalEndpoint().getUuid().toString();
        this.health = hz.getReplicatedMap(HEALTH_MAP);
        this.stats = hz.getReplicatedMap(STATS_MAP);
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "llmrouter-state-publisher");
            t.setDaemon(true);
            return t;
        });
        this.nextCalls = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "llmrouter-state-calls");
            t.setDaemon(true);
            return t;
        });
        this.windows = new RateWindows(hz.getMap(RATE_MAP), epochMillis, nextCalls);
        this.spend = new SpendLedger(hz, SPEND_MAP, background, nextCalls);
        this.budgets = hz.getMap(BUDGET_MAP);
        this.probes = hz.getMap(PROBE_MAP);
        this.answerAfterSpend = durability == ClusterSettings.SpendDurability.SYNC;
        this.healthListener = health.addEntryListener(new EntryAdapter<>() {
            @Override
            public void onEntryEvent(EntryEvent<String, HealthNotice> e) {
                if (e.getEventType() == EntryEventType.ADDED || e.getEventType() == EntryEventType.UPDATED) {
                    apply(e.getKey(), e.getValue());
                }
            }
        });
        // a late joiner starts from the notices already given; the publisher catches up those still replicating
        health.forEach(this::apply);
        this.membershipListener = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                background.execute(() -> forget(e.getMember().getUuid().toString()));
            }
        });
        long every = publishEvery.toMillis();
        background.scheduleWithFixedDelay(this::publish, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void attemptStarted(String deployment, int estimatedTokens) {
        local.attemptStarted(deployment, estimatedTokens);
    }

    @Override
    public void attemptSucceeded(String deployment, long latencyNanos, long ttftNanos, int outputTokens) {
        local.attemptSucceeded(deployment, latencyNanos, ttftNanos, outputTokens);
    }

    @Override
    public void attemptFailed(String deployment, ErrorKind kind, long latencyNanos, long retryAfterMillis) {
        local.attemptFailed(deployment, kind, latencyNanos, retryAfterMillis);
        DeploymentCell c = local.cell(deployment);
        if (kind == ErrorKind.RATE_LIMITED) {
            broadcast(deployment, HealthNotice.Kind.COOLDOWN, null, null, c.cooldownUntilNanos());
        } else if (kind == ErrorKind.AUTHENTICATION) {
            broadcast(deployment, HealthNotice.Kind.CREDENTIALS, null, c.disabledReason(), c.disabledUntilNanos());
        }
    }

    /**
     * Unlimited deployments stay local; limited ones are admitted from this node's share of the cluster's window
     * ({@link RateWindows}): at once while the share lasts, or when the window's owner answers, on a Hazelcast callback
     * thread that only counts the attempt locally.
     */
    @Override
    public CompletableFuture<Boolean> tryAttemptStart(String deployment, int estimatedTokens, int rpm, int tpm) {
        if (rpm <= 0 && tpm <= 0) {
            return local.tryAttemptStart(deployment, estimatedTokens, rpm, tpm);
        }
        return windows.tryStart(deployment, estimatedTokens, rpm, tpm).handle((ok, e) -> {
            if (e != null) {
                return checkLocally(deployment, estimatedTokens, rpm, tpm, e);
            }
            if (ok) {
                local.attemptStarted(deployment, estimatedTokens);
            }
            return ok;
        });
    }

    /** Without the cluster the limits are held per node rather than not routing at all. */
    private boolean checkLocally(String deployment, int estimatedTokens, int rpm, int tpm, Throwable why) {
        LOG.warn("cluster rate window for {} unavailable, checking locally: {}", deployment, why.toString());
        return local.tryAttemptStart(deployment, estimatedTokens, rpm, tpm).join();
    }

    /** A key's or team's window, counted like a limited deployment's: from this node's share of the cluster's. */
    @Override
    public CompletableFuture<Boolean> tryAdmit(String subject, int estimatedTokens, int rpm, int tpm) {
        if (rpm <= 0 && tpm <= 0) {
            return local.tryAdmit(subject, estimatedTokens, rpm, tpm);
        }
        return windows.tryStart(subject, estimatedTokens, rpm, tpm).handle((ok, e) -> {
            if (e != null) {
                LOG.warn("cluster rate window for {} unavailable, checking locally: {}", subject, e.toString());
                return local.tryAdmit(subject, estimatedTokens, rpm, tpm).join();
            }
            return ok;
        });
    }

    /** On the budget's partition owner, one remote call; answered on the callback thread that completes it. */
    @Override
    public CompletableFuture<BudgetHold> reserve(String budget, double usd, double limitUsd, double seedUsd) {
        return budgets.submitToKey(budget, BudgetProcessor.reserve(usd, limitUsd, seedUsd)).toCompletableFuture()
                .thenApply(r -> new BudgetHold(r[0] == 1, r[1], r[2]));
    }

    @Override
    public CompletableFuture<Void> settle(String budget, double reservedUsd, double actualUsd, double seedUsd) {
        return budgets.submitToKey(budget, BudgetProcessor.settle(reservedUsd, actualUsd, seedUsd))
                .toCompletableFuture().thenApply(r -> null);
    }

    @Override
    public BudgetHold budget(String budget) {
        BudgetTally t = budgets.get(budget);
        return t == null ? new BudgetHold(true, 0, 0) : new BudgetHold(true, t.spent, t.spent + t.held);
    }

    @Override
    public void circuitChanged(String deployment, CircuitStatus status, long openUntilNanos,
                               boolean byProviderAnswers) {
        local.circuitChanged(deployment, status, openUntilNanos, byProviderAnswers);
        broadcast(deployment, HealthNotice.Kind.CIRCUIT, status, byProviderAnswers ? PROVIDER_ANSWERS : null,
                openUntilNanos);
    }

    @Override
    public DeploymentStats stats(String deployment) {
        MergedStats m = merged.get(deployment);
        return m != null ? m : merged(deployment);
    }

    /**
     * Completes once the spend is on two members (see {@link SpendLedger}), or at once when spend durability is
     * async: the write is under way either way.
     */
    @Override
    public CompletableFuture<Void> recordSpend(String account, String model, double usd) {
        CompletableFuture<Void> durable = spend.add(account, model, usd);
        return answerAfterSpend ? durable : RECORDING;
    }

    /** Exact, summed over the ledger's shards: a remote read, not for the request path. */
    @Override
    public double spend(String account) {
        return spend.account(account);
    }

    /** Summed over the ledger's shards in one pass: a remote read, not for the request path. */
    @Override
    public Map<String, Double> spendByModel() {
        return spend.byModel();
    }

    @Override
    public long nanoTime() {
        return nanoClock.getAsLong();
    }

    /** The Hazelcast instance this state lives in (for the cluster view). */
    public HazelcastInstance hazelcast() {
        return hz;
    }

    /**
     * One cluster call, made only while a breaker is half open: never on the path of a healthy deployment. It waits at
     * most {@link #PROBE_CLAIM_WAIT_MILLIS} (it runs on an event loop); a cluster that cannot answer by then, or at
     * all, must not keep a recovered provider from being probed, so this node probes.
     */
    @Override
    public boolean tryProbe(String deployment) {
        try {
            // IMap has no asynchronous putIfAbsent: the call runs on the state's own thread, this one waits briefly
            return CompletableFuture.supplyAsync(() -> probes.putIfAbsent(deployment, member, PROBE_LEASE.toMillis(),
                    TimeUnit.MILLISECONDS), nextCalls).get(PROBE_CLAIM_WAIT_MILLIS, TimeUnit.MILLISECONDS) == null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | RuntimeException e) {
            LOG.debug("probe claim of {} not made, probing anyway: {}", deployment, e.toString());
            return true;
        }
    }

    @Override
    public void probeEnded(String deployment) {
        // only this member's claim: one that lapsed may be another's by now; off the event loop
        nextCalls.execute(() -> {
            try {
                probes.remove(deployment, member);
            } catch (RuntimeException e) {
                LOG.debug("probe claim of {} not given back (it lapses): {}", deployment, e.toString());
            }
        });
    }

    @Override
    public void close() {
        try {
            spend.drain(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        background.shutdownNow();
        nextCalls.shutdownNow();
        try {
            windows.giveBackAll();
            health.removeEntryListener(healthListener);
            hz.getCluster().removeMembershipListener(membershipListener);
            forget(member);
        } catch (RuntimeException e) {
            LOG.debug("cluster already gone while closing: {}", e.toString());
        }
    }

    private MergedStats merged(String deployment) {
        return merged.computeIfAbsent(deployment, d -> new MergedStats(local.cell(d), epochMillis));
    }

    /** Applied here at once; the replicated-map write runs in the background, off the request's thread. */
    private void broadcast(String deployment, HealthNotice.Kind kind, CircuitStatus status, String reason,
            long untilNanos) {
        long until = untilNanos == Long.MIN_VALUE ? Long.MIN_VALUE : toEpochMillis(untilNanos);
        HealthNotice notice = new HealthNotice(kind, status, reason, until, member);
        background.execute(() -> {
            try {
                health.put(HealthNotice.key(deployment, kind), notice);
            } catch (HazelcastException e) {
                LOG.warn("could not broadcast {} of {}: {}", kind, deployment, e.toString());
            }
        });
    }

    private void apply(String key, HealthNotice n) {
        if (member.equals(n.origin()) || n.equals(applied.put(key, n))) {
            return;
        }
        long now = nanoClock.getAsLong();
        long until = n.untilEpochMillis() == Long.MIN_VALUE ? Long.MIN_VALUE
                : now + (n.untilEpochMillis() - epochMillis.getAsLong()) * 1_000_000L;
        DeploymentCell c = local.cell(HealthNotice.deploymentOf(key));
        switch (n.kind()) {
            case CIRCUIT -> c.circuit(now, n.circuit(), until, PROVIDER_ANSWERS.equals(n.reason()));
            case COOLDOWN -> c.holdOff(until);
            case CREDENTIALS -> c.disable(n.reason(), until);
        }
    }

    private long toEpochMillis(long nanos) {
        return epochMillis.getAsLong() + (nanos - nanoClock.getAsLong()) / 1_000_000L;
    }

    /** Publishes this node's changed snapshots, applies notices not seen yet, then rebuilds every deployment's view of the other members. */
    private void publish() {
        try {
            long now = nanoClock.getAsLong();
            long wall = epochMillis.getAsLong();
            local.cells().forEach((d, cell) -> {
                StatsSnapshot s = StatsSnapshot.of(cell, now, wall);
                StatsSnapshot before = published.get(d);
                if (!s.sameCountsAs(before) || wall - before.takenAtEpochMillis() > PeerStats.STALE_MILLIS / 2) {
                    stats.put(member + '|' + d, s);
                    published.put(d, s);
                }
            });
            // a new member's replica fills in without entry events, so notices are also picked up here
            health.forEach(this::apply);
            Map<String, List<StatsSnapshot>> others = new HashMap<>();
            stats.forEach((key, s) -> {
                int bar = key.indexOf('|');
                if (!key.startsWith(member + '|') && wall - s.takenAtEpochMillis() <= PeerStats.STALE_MILLIS) {
                    others.computeIfAbsent(key.substring(bar + 1), k -> new ArrayList<>()).add(s);
                }
            });
            others.keySet().forEach(this::merged);
            merged.forEach((d, m) -> m.peers(PeerStats.of(others.getOrDefault(d, List.of()))));
        } catch (RuntimeException e) {
            LOG.debug("statistics not published this time: {}", e.toString());
        }
    }

    private void forget(String memberUuid) {
        for (String k : new ArrayList<>(stats.keySet())) {
            if (k.startsWith(memberUuid + '|')) {
                stats.remove(k);
            }
        }
    }
}
