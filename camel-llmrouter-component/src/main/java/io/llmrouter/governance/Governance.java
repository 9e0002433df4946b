package io.llmrouter.governance;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.state.RouterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call and what they may spend. Keys and teams live in the {@link GovernanceStore} and, for the request path,
 * in memory here: a known key is checked without I/O; an unknown one is looked up in the store once (a key made on
 * another node), off the caller's thread. Limits and budgets are counted in the {@link RouterState} (cluster-wide
 * when it is Hazelcast's), spend is written to the store by the {@link Ledger}.
 */
public final class Governance implements AutoCloseable {

    /** Whether an answer waits until its spend is committed to the store. */
    public enum Durability { SYNC, ASYNC }

    private static final Logger LOG = LoggerFactory.getLogger(Governance.class);
    /** An unknown secret is not looked up again for this long: a caller retrying a bad key does not reach the store. */
    private static final long UNKNOWN_FOR_MILLIS = 2_000;
    private static final int MAX_UNKNOWN = 10_000;
    static final long RELOAD_EVERY_SECONDS = 30;
    /** Lookups of keys not known here that may wait at once; beyond them a caller gets a 503, not a longer queue. */
    private static final int MAX_PENDING_LOOKUPS = 256;
    /** The longest an answer waits for its spend to be committed (sync durability) when the store is down. */
    public static final java.time.Duration LEDGER_WAIT = java.time.Duration.ofSeconds(2);

    private final GovernanceStore store;
    private final RouterState state;
    private final Clock clock;
    private final AuthMode mode;
    /** With async durability, what the ledger gathers into one commit: a crash loses at most about this much. */
    private static final long ASYNC_LINGER_MILLIS = 50;

    private final Durability durability;
    private final Ledger ledger;
    /** Looks up keys not known here: store reads only, one at a time. */
    private final ScheduledExecutorService lookups;
    /** Reloads keys and teams: apart from lookups, so that a flood of unknown keys cannot hold a revocation back. */
    private final ScheduledExecutorService reloads;
    private final java.util.concurrent.atomic.AtomicInteger pendingLookups = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Map<String, VirtualKey> byHash = Map.of();
    private volatile Map<String, Team> teams = Map.of();
    /** Per budget counter, what the ledger held for its period when the key or team was loaded. */
    private final ConcurrentHashMap<String, Double> seeds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> unknown = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> softWarned = new ConcurrentHashMap<>();
    private volatile Runnable onChange = () -> { };

    public Governance(GovernanceStore store, RouterState state, Clock clock, AuthMode mode, Durability durability) {
        this.store = store;
        this.state = state;
        this.clock = clock;
        this.mode = mode;
        this.durability = durability;
        this.ledger = new Ledger(store, durability == Durability.ASYNC ? ASYNC_LINGER_MILLIS : 0);
        this.lookups = daemon("llmrouter-keys");
        this.reloads = daemon("llmrouter-keys-reload");
        reload();
        reloads.scheduleWithFixedDelay(this::reloadQuietly, RELOAD_EVERY_SECONDS, RELOAD_EVERY_SECONDS,
                TimeUnit.SECONDS);
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public AuthMode mode() {
        return mode;
    }

    public Durability durability() {
        return durability;
    }

    /** Called after every change made here, to tell the cluster's other nodes to {@link #reload()}. */
    public void onChange(Runnable broadcast) {
        this.onChange = broadcast;
    }

    /**
     * The caller a secret belongs to.
     *
     * @return fails with a 401 {@link LlmException} when the secret is missing, unknown, revoked or expired; completes
     *         at once for a key known here, else on this class's lookup thread
     */
    public CompletableFuture<Caller> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return CompletableFuture.failedFuture(unauthenticated("No API key provided. Send your virtual key as "
                    + "'Authorization: Bearer <key>' or 'x-api-key: <key>'.", "missing_api_key"));
        }
        String presented = secret.strip();
        if (!KeyMaterial.wellFormed(presented)) {
            return CompletableFuture.failedFuture(invalidKey());
        }
        String hash = KeyMaterial.hash(presented);
        VirtualKey key = byHash.get(hash);
        if (key != null) {
            return checked(key);
        }
        Long until = unknown.get(hash);
        if (until != null && until > clock.millis()) {
            return CompletableFuture.failedFuture(invalidKey());
        }
        if (pendingLookups.incrementAndGet() > MAX_PENDING_LOOKUPS) {
            pendingLookups.decrementAndGet();
            return CompletableFuture.failedFuture(LlmException.of(ErrorKind.GATEWAY_BUSY, 503, "Too many unknown API "
                    + "keys are being looked up; try again shortly.", null, "gateway_busy", null, null)
                    .retryAfter(1_000));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return store.keyByHash(hash);
            } finally {
                pendingLookups.decrementAndGet();
            }
        }, lookups).thenCompose(found -> {
            if (found.isEmpty()) {
                if (unknown.size() >= MAX_UNKNOWN) {
                    unknown.clear();
                }
                unknown.put(hash, clock.millis() + UNKNOWN_FOR_MILLIS);
                return CompletableFuture.failedFuture(invalidKey());
            }
            remember(found.get());
            return checked(found.get());
        });
    }

    private CompletableFuture<Caller> checked(VirtualKey key) {
        if (key.revoked()) {
            return CompletableFuture.failedFuture(unauthenticated("This API key (" + key.hint() + ", id " + key.id()
                    + ") has been revoked.", "invalid_api_key"));
        }
        Instant now = clock.instant();
        if (key.expired(now)) {
            return CompletableFuture.failedFuture(unauthenticated("This API key (" + key.hint() + ", id " + key.id()
                    + ") expired at " + key.expiresAt() + ".", "expired_api_key"));
        }
        if (key.team() == null) {
            return CompletableFuture.completedFuture(new Caller(key, null));
        }
        Team team = teams.get(key.team());
        if (team != null) {
            return CompletableFuture.completedFuture(new Caller(key, team));
        }
        // a team made on another node since this one last reloaded: its limits hold from the first request
        return CompletableFuture.supplyAsync(() -> store.team(key.team()), lookups).thenApply(found -> {
            found.ifPresent(this::rememberTeam);
            return new Caller(key, found.orElse(null));
        });
    }

    /** A new tab for one request: its limits, reservation and spend. {@code caller} is null when keys are off. */
    public Tab open(Caller caller) {
        return new Tab(this, caller);
    }

    // --- admin: blocking calls to the store, made on a worker thread -------------------------------------------

    public Team saveTeam(Team team) {
        Team stored = new Team(team.id(), team.name(), team.limits(),
                team.createdAt() != null ? team.createdAt() : store.team(team.id()).map(Team::createdAt)
                        .orElse(clock.instant()));
        store.saveTeam(stored);
        changed();
        return stored;
    }

    public Optional<Team> team(String id) {
        return store.team(id);
    }

    public List<Team> teams() {
        return store.teams();
    }

    /**
     * @throws IllegalArgumentException when the team does not exist or a field is invalid
     * @throws IllegalStateException    when keys are off: a key would then be held to none of its limits
     */
    public IssuedKey createKey(KeySpec spec) {
        if (mode == AuthMode.NONE) {
            throw new IllegalStateException("Keys are off (auth none): a key would not be asked for, so none of its "
                    + "limits would hold. Set LLMROUTER_AUTH=keys (or unset it) and restart first.");
        }
        if (spec.team() != null && store.team(spec.team()).isEmpty()) {
            throw new IllegalArgumentException("team '" + spec.team() + "' does not exist: create it first");
        }
        String secret = KeyMaterial.newSecret();
        VirtualKey key = new VirtualKey(KeyMaterial.newId(), spec.name(), KeyMaterial.hash(secret),
                KeyMaterial.hint(secret), spec.team(), spec.models(), spec.limits(), spec.strategy(),
                spec.preferences(), spec.tags(), spec.expiresAt(), clock.instant(), null, spec.audit());
        store.saveKey(key);
        changed();
        return new IssuedKey(key, secret);
    }

    /** A new secret for the key; the old one stops working at once (on other nodes once they reload). */
    public Optional<IssuedKey> rotate(String id) {
        return store.key(id).map(k -> {
            if (k.revoked()) {
                throw new IllegalStateException("Key '" + id + "' is revoked: a new secret for it would never work. "
                        + "Create a new key instead.");
            }
            String secret = KeyMaterial.newSecret();
            VirtualKey rotated = k.withSecret(KeyMaterial.hash(secret), KeyMaterial.hint(secret));
            store.saveKey(rotated);
            changed();
            return new IssuedKey(rotated, secret);
        });
    }

    /** Turns the access log's keeping of the key's prompts and answers on or off (on other nodes once they reload). */
    public Optional<VirtualKey> audit(String id, boolean on) {
        return store.key(id).map(k -> {
            VirtualKey changed = k.withAudit(on);
            store.saveKey(changed);
            changed();
            return changed;
        });
    }

    public Optional<VirtualKey> revoke(String id) {
        return store.key(id).map(k -> {
            VirtualKey revoked = k.revoked() ? k : k.revokedAt(clock.instant());
            store.saveKey(revoked);
            changed();
            return revoked;
        });
    }

    public Optional<VirtualKey> key(String id) {
        return store.key(id);
    }

    public List<VirtualKey> keys() {
        return store.keys();
    }

    public List<SpendLine> report(GovernanceStore.GroupBy by, Instant from, Instant to) {
        return store.report(by, from, to);
    }

    /** Where a key's or team's budget stands this period, or empty when it has none. */
    public Optional<BudgetStatus> budgetStatus(String id, boolean team, Limits limits) {
        Budget b = limits.budget();
        if (b == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String counter = counter(team ? "team" : "key", id, b, now);
        var hold = state.budget(counter);
        double spent = hold.heldUsd() == 0 && hold.spentUsd() == 0 ? seeds.getOrDefault(counter, 0.0) : hold.spentUsd();
        double held = hold.heldUsd() - hold.spentUsd();
        return Optional.of(new BudgetStatus(b, spent, held, Math.max(0, b.usd() - spent - held), b.period().next(now)));
    }

    /**
     * Reloads keys and teams from the store: after a change here or on another node, and every 30 s. One at a time,
     * each reading and publishing in one go, so an older read can never be published over a newer one (a revoked key
     * coming back). The maps are published before the budgets' seeds are read.
     */
    public synchronized void reload() {
        Map<String, VirtualKey> keys = new HashMap<>();
        for (VirtualKey k : store.keys()) {
            keys.put(k.hash(), k);
        }
        Map<String, Team> t = new HashMap<>();
        for (Team team : store.teams()) {
            t.put(team.id(), team);
        }
        teams = Map.copyOf(t);
        byHash = Map.copyOf(keys);
        unknown.clear();
        t.values().forEach(team -> seed("team", team.id(), team.limits()));
        keys.values().forEach(k -> seed("key", k.id(), k.limits()));
    }

    /** {@link #reload()} off the caller's thread. */
    public void reloadLater() {
        reloads.execute(this::reloadQuietly);
    }

    /** Whether the store holds any key (the auth mode's default). */
    public static boolean anyKey(GovernanceStore store) {
        return !store.keys().isEmpty();
    }

    @Override
    public void close() {
        lookups.shutdownNow();
        reloads.shutdownNow();
        ledger.close();
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warn("keys and teams not reloaded from the store: {}", e.toString());
        }
    }

    private synchronized void remember(VirtualKey key) {
        Map<String, VirtualKey> copy = new HashMap<>(byHash);
        copy.put(key.hash(), key);
        byHash = Map.copyOf(copy);
        seed("key", key.id(), key.limits());
    }

    private synchronized void rememberTeam(Team team) {
        Map<String, Team> copy = new HashMap<>(teams);
        copy.put(team.id(), team);
        teams = Map.copyOf(copy);
        seed("team", team.id(), team.limits());
    }

    private void seed(String kind, String id, Limits limits) {
        if (limits.budget() != null) {
            Instant now = clock.instant();
            String counter = counter(kind, id, limits.budget(), now);
            seeds.put(counter, store.spendSince(id, kind.equals("team"), limits.budget().period().start(now)));
        }
    }

    /** Told to the other nodes first: a change already in the store must reach them even if this reload fails. */
    private void changed() {
        onChange.run();
        reload();
    }

    // --- what tabs use -------------------------------------------------------------------------------------------

    RouterState state() {
        return state;
    }

    Clock clock() {
        return clock;
    }

    Ledger ledger() {
        return ledger;
    }

    double seed(String counter) {
        return seeds.getOrDefault(counter, 0.0);
    }

    /** True the first time a soft budget's period is found exceeded, so it is logged once. */
    boolean firstSoftWarning(String counter) {
        return softWarned.putIfAbsent(counter, Boolean.TRUE) == null;
    }

    /** The counter of one budget's period: a new period starts a new counter. */
    static String counter(String kind, String id, Budget b, Instant now) {
        return "budget:" + kind + ":" + id + ":" + b.period().wireName() + ":" + b.period().start(now).getEpochSecond();
    }

    private static LlmException invalidKey() {
        return unauthenticated("Invalid API key. Check the key you sent, or ask the gateway's administrator for one.",
                "invalid_api_key");
    }

    private static LlmException unauthenticated(String message, String code) {
        return LlmException.of(ErrorKind.UNAUTHENTICATED, 401, message, null, code, null, null);
    }
}
