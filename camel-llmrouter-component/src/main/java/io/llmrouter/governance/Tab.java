package io.llmrouter.governance;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.BudgetHold;
import io.llmrouter.state.RouterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's account with the gateway: the caller's models, its rate limits and budgets checked at admission,
 * the worst-case cost reserved against each budget, then settled exactly once with what the answer cost (or
 * released when nothing was answered), and the spend written to the ledger.
 */
public final class Tab {

    /** The tab of a request in an engine without governance: nothing is checked, reserved or written. */
    public static final Tab NONE = new Tab(null, null);

    private static final Logger LOG = LoggerFactory.getLogger(Tab.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Governance governance;
    private final Caller caller;
    private final AtomicBoolean closed = new AtomicBoolean();
    private String keyBudget;
    private String teamBudget;
    private double reserved;
    private volatile String warning;
    private volatile Deployment lastSent;
    /** Parts already billed by {@link #charge}. */
    private final java.util.concurrent.atomic.DoubleAdder charged = new java.util.concurrent.atomic.DoubleAdder();

    Tab(Governance governance, Caller caller) {
        this.governance = governance;
        this.caller = caller;
    }

    /** Null when keys are off. */
    public Caller caller() {
        return caller;
    }

    /** The account spend is kept under in the router's state: the key's id, or null for the default account. */
    public String account() {
        return caller == null ? null : caller.keyId();
    }

    /** Whether the caller may use a model of this name (or deployment id). */
    public boolean allows(String model) {
        return caller == null || ModelPatterns.allows(caller.key().models(), model);
    }

    /** The routing strategy the caller's key chooses when the caller names none, or null. */
    public String defaultStrategy() {
        return caller == null ? null : caller.key().strategy();
    }

    /**
     * The routing preferences the caller's key sets, as {@code x-llmrouter-*} headers (lower case) that the caller's
     * own headers override; empty when none.
     */
    public java.util.Map<String, String> preferenceHeaders() {
        if (caller == null || caller.key().preferences().isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> h = new java.util.HashMap<>();
        caller.key().preferences().forEach((name, value) -> h.put("x-llmrouter-" + name.toLowerCase(
                java.util.Locale.ROOT), value));
        return h;
    }

    /** A soft budget this request went beyond, to tell the caller in a header; null when none. */
    public String warning() {
        return warning;
    }

    /** An attempt of this request is going to {@code d}. */
    public void sent(Deployment d) {
        lastSent = d;
    }

    /** The deployment this request's latest attempt went to, or null when none was sent. */
    public Deployment lastSent() {
        return lastSent;
    }

    /** Whether the caller's key or team has a budget: then models without a catalog price are not theirs to use. */
    public boolean budgeted() {
        return caller != null && (caller.key().limits().budget() != null
                                  || caller.team() != null && caller.team().limits().budget() != null);
    }

    /**
     * Admits the request: the key's and the team's rpm/tpm, then their budgets, each reserving {@code worstCaseUsd}.
     *
     * @return fails with a 429 naming the limit and when it resets; nothing stays reserved then
     */
    public CompletableFuture<Void> admit(int estimatedTokens, double worstCaseUsd) {
        if (caller == null) {
            return DONE;
        }
        RouterState state = governance.state();
        VirtualKey key = caller.key();
        Team team = caller.team();
        reserved = Math.max(0, worstCaseUsd); // before any reservation, so a failure anywhere releases the right amount
        CompletableFuture<Void> admitted;
        try {
            admitted = window("key '" + key.id() + "'", "key:" + key.id(), key.limits(), estimatedTokens, state);
            if (team != null) {
                admitted = admitted.thenCompose(v -> window("team '" + team.id() + "'", "team:" + team.id(),
                        team.limits(), estimatedTokens, state));
            }
            admitted = admitted.thenCompose(v -> reserve("key", key.id(), key.limits()))
                    .thenAccept(name -> keyBudget = name);
            if (team != null) {
                admitted = admitted.thenCompose(v -> reserve("team", team.id(), team.limits()))
                        .thenAccept(name -> teamBudget = name);
            }
        } catch (RuntimeException e) {
            admitted = CompletableFuture.failedFuture(e);
        }
        return admitted.whenComplete((v, e) -> {
            if (e != null) {
                release(); // what was reserved before the refusal
            }
        });
    }

    private static CompletableFuture<Void> window(String who, String subject, Limits limits, int tokens,
                                                  RouterState state) {
        if (limits.rpm() <= 0 && limits.tpm() <= 0) {
            return DONE;
        }
        return state.tryAdmit(subject, tokens, limits.rpm(), limits.tpm()).thenCompose(ok -> ok ? DONE
                : CompletableFuture.failedFuture(LlmException.of(ErrorKind.CALLER_RATE_LIMITED, 429,
                        "Rate limit reached for " + who + ": " + describe(limits)
                        + " per minute. Try again in a few seconds; the window slides over the last minute.", null,
                        null, null, null).retryAfter(limits.rpm() > 0 ? Math.max(1_000, 60_000 / limits.rpm())
                        : 5_000)));
    }

    private static String describe(Limits limits) {
        String rpm = limits.rpm() > 0 ? limits.rpm() + " requests" : "";
        String tpm = limits.tpm() > 0 ? limits.tpm() + " tokens" : "";
        return rpm.isEmpty() ? tpm : tpm.isEmpty() ? rpm : rpm + " and " + tpm;
    }

    /** @return the budget counter reserved against, or null when there is no budget */
    private CompletableFuture<String> reserve(String kind, String id, Limits limits) {
        double worst = reserved;
        Budget b = limits.budget();
        if (b == null) {
            return CompletableFuture.completedFuture(null);
        }
        Instant now = governance.clock().instant();
        String counter = Governance.counter(kind, id, b, now);
        return governance.state().reserve(counter, worst, b.hard() ? b.usd() : -1, governance.seed(counter))
                .thenCompose(hold -> {
                    if (!hold.granted()) {
                        Instant reset = b.period().next(now);
                        return CompletableFuture.failedFuture(LlmException.of(ErrorKind.BUDGET_EXCEEDED, 429,
                                "Budget of " + kind + " '" + id + "' exhausted: " + usd(b.usd()) + " per "
                                + b.period().wireName() + ", " + usd(hold.spentUsd()) + " spent and "
                                + usd(hold.heldUsd() - hold.spentUsd()) + " held by requests in flight; this "
                                + "request may cost up to " + usd(worst) + ". It resets at " + reset + ".", null,
                                null, null, null).retryAfter(reset.toEpochMilli() - now.toEpochMilli()));
                    }
                    if (!b.hard() && hold.heldUsd() > b.usd()) {
                        softExceeded(kind, id, b, hold, counter);
                    }
                    return CompletableFuture.completedFuture(counter);
                });
    }

    private void softExceeded(String kind, String id, Budget b, BudgetHold hold, String counter) {
        warning = "soft budget of " + kind + " " + id + " exceeded: " + usd(hold.heldUsd()) + " of " + usd(b.usd())
                  + " per " + b.period().wireName();
        if (governance.firstSoftWarning(counter)) {
            LOG.warn("The {}", warning);
        }
    }

    /**
     * What the answer cost: the reservation is replaced by it and the spend is written to the ledger.
     *
     * @return completes once the spend is committed to the store when spend durability is sync (or after
     *         {@link Governance#LEDGER_WAIT}, if the store is down: the answer is not held hostage, the ledger keeps the
     *         entry and retries), else at once
     */
    public CompletableFuture<Void> settle(String model, String deployment, Usage usage, double usd) {
        if (governance == null || !closed.compareAndSet(false, true)) {
            return DONE;
        }
        replaceHolds(usd + charged.sum());
        SpendEntry entry = new SpendEntry(governance.clock().instant(), caller == null ? null : caller.keyId(),
                caller == null ? null : caller.teamId(), model, deployment,
                usage == null ? 0 : usage.promptTokens, usage == null ? 0 : usage.cachedTokens(),
                usage == null ? 0 : usage.completionTokens, usd);
        CompletableFuture<Void> committed = governance.ledger().add(entry);
        return governance.durability() == Governance.Durability.SYNC
                ? committed.completeOnTimeout(null, Governance.LEDGER_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                : DONE;
    }

    /**
     * Bills part of an answer that goes on elsewhere (a broken stream resumed on another deployment): a ledger entry
     * now, and the amount added to what {@link #settle} takes off the reservation.
     */
    public void charge(String model, String deployment, double usd) {
        if (governance == null || closed.get()) {
            return;
        }
        charged.add(usd);
        governance.ledger().add(new SpendEntry(governance.clock().instant(), caller == null ? null : caller.keyId(),
                caller == null ? null : caller.teamId(), model, deployment, 0, 0, 0, usd));
    }

    /**
     * Settles an answer whose provider reported no usage (or a request cut off after it reached the provider, which
     * bills it all the same): at the reservation, the most it could have cost, so a budget is never undercounted.
     */
    public CompletableFuture<Void> settleUnreported(String model, String deployment) {
        if (governance != null && !closed.get()) {
            LOG.warn("no usage reported for a request to {}: billed at its worst case, {}", deployment,
                    usd(reserved));
        }
        // the reservation is the most the whole answer could cost, parts already charged included
        return settle(model, deployment, null, Math.max(0, reserved - charged.sum()));
    }

    /** Nothing was answered and nothing reached a provider: the reservation is given back. */
    public void release() {
        if (governance == null || !closed.compareAndSet(false, true)) {
            return;
        }
        replaceHolds(0);
    }

    private void replaceHolds(double usd) {
        settleHold(keyBudget, usd);
        settleHold(teamBudget, usd);
    }

    /** A settle that fails (a member leaving) is tried once more: a hold left behind shrinks the budget for its period. */
    private void settleHold(String budget, double usd) {
        if (budget == null) {
            return;
        }
        RouterState state = governance.state();
        double seed = governance.seed(budget);
        state.settle(budget, reserved, usd, seed).exceptionallyCompose(e -> {
            LOG.warn("settling budget {} failed, retrying once: {}", budget, e.toString());
            return state.settle(budget, reserved, usd, seed);
        }).exceptionally(e -> {
            LOG.error("budget {} keeps a hold of {} it should have settled at {}: {}", budget, usd(reserved), usd(usd),
                    e.toString());
            return null;
        });
    }

    private static String usd(double v) {
        return "$" + java.math.BigDecimal.valueOf(v).setScale(6, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }
}
