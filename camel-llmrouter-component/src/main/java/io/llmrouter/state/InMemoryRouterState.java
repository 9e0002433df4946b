package io.llmrouter.state;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.LongSupplier;

import io.llmrouter.api.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node {@link RouterState}: one {@link DeploymentCell} per deployment in a concurrent map. The clock is
 * injectable so tests run in virtual time.
 */
public final class InMemoryRouterState implements RouterState {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryRouterState.class);

    /** Without a Retry-After, a 429 keeps a deployment out of rankings this long. */
    public static final long DEFAULT_COOLDOWN_MILLIS = 1_000;
    /** A deployment whose credentials were rejected is left out this long, then probed to see if they were fixed. */
    public static final long CREDENTIALS_RECHECK_NANOS = 60_000_000_000L;

    private static final CompletableFuture<Boolean> ADMITTED = CompletableFuture.completedFuture(Boolean.TRUE);
    private static final CompletableFuture<Boolean> REFUSED = CompletableFuture.completedFuture(Boolean.FALSE);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ConcurrentHashMap<String, DeploymentCell> cells = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DoubleAdder> spendByAccount = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DoubleAdder> spendByModel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SubjectWindow> subjects = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, BudgetCounter> budgets = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public InMemoryRouterState() {
        this(System::nanoTime);
    }

    public InMemoryRouterState(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    @Override
    public void attemptStarted(String deployment, int estimatedTokens) {
        cell(deployment).started(clock.getAsLong(), estimatedTokens);
    }

    @Override
    public void attemptSucceeded(String deployment, long latencyNanos, long ttftNanos, int outputTokens) {
        cell(deployment).succeeded(clock.getAsLong(), latencyNanos, ttftNanos, outputTokens);
    }

    @Override
    public void attemptFailed(String deployment, ErrorKind kind, long latencyNanos, long retryAfterMillis) {
        DeploymentCell c = cell(deployment);
        long now = clock.getAsLong();
        if (!kind.concernsDeployment()) {
            c.abandoned();
            return;
        }
        c.failed(now);
        if (kind == ErrorKind.RATE_LIMITED) {
            long wait = retryAfterMillis >= 0 ? retryAfterMillis : DEFAULT_COOLDOWN_MILLIS;
            boolean wasCooling = now < c.cooldownUntilNanos();
            c.coolDown(now, now + wait * 1_000_000L);
            if (!wasCooling) {
                LOG.warn("deployment {} marked unhealthy for {} ms: the provider answered 429 ({})", deployment, wait,
                        kind);
            }
        } else if (kind == ErrorKind.AUTHENTICATION) {
            boolean wasDisabled = c.disabledReason() != null && now < c.disabledUntilNanos();
            c.disable("the provider rejected the credentials", now + CREDENTIALS_RECHECK_NANOS);
            if (!wasDisabled) {
                LOG.warn("deployment {} marked unhealthy for {} s: the provider rejected its credentials ({})",
                        deployment, CREDENTIALS_RECHECK_NANOS / 1_000_000_000L, kind);
            }
        }
    }

    @Override
    public CompletableFuture<Boolean> tryAttemptStart(String deployment, int estimatedTokens, int rpm, int tpm) {
        return cell(deployment).tryStart(clock.getAsLong(), estimatedTokens, rpm, tpm) ? ADMITTED : REFUSED;
    }

    @Override
    public void circuitChanged(String deployment, CircuitStatus status, long openUntilNanos,
                               boolean byProviderAnswers) {
        cell(deployment).circuit(clock.getAsLong(), status, openUntilNanos, byProviderAnswers);
    }

    @Override
    public DeploymentStats stats(String deployment) {
        return cell(deployment);
    }

    /** The deployments seen so far and their cells; a live view. */
    public Map<String, DeploymentCell> cells() {
        return Collections.unmodifiableMap(cells);
    }

    @Override
    public CompletableFuture<Void> recordSpend(String account, String model, double usd) {
        spendByAccount.computeIfAbsent(account, k -> new DoubleAdder()).add(usd);
        spendByModel.computeIfAbsent(model, k -> new DoubleAdder()).add(usd);
        return DONE;
    }

    @Override
    public double spend(String account) {
        DoubleAdder a = spendByAccount.get(account);
        return a == null ? 0 : a.sum();
    }

    @Override
    public Map<String, Double> spendByModel() {
        Map<String, Double> out = new HashMap<>();
        spendByModel.forEach((model, usd) -> out.put(model, usd.sum()));
        return out;
    }

    @Override
    public CompletableFuture<Boolean> tryAdmit(String subject, int estimatedTokens, int rpm, int tpm) {
        if (rpm <= 0 && tpm <= 0) {
            return ADMITTED;
        }
        long now = clock.getAsLong();
        SubjectWindow w = subjects.computeIfAbsent(subject, s -> new SubjectWindow(now));
        return w.tryAdmit(now, estimatedTokens, rpm, tpm) ? ADMITTED : REFUSED;
    }

    @Override
    public CompletableFuture<BudgetHold> reserve(String budget, double usd, double limitUsd, double seedUsd) {
        BudgetCounter c = budgets.computeIfAbsent(budget, b -> new BudgetCounter(seedUsd));
        return CompletableFuture.completedFuture(c.reserve(usd, limitUsd));
    }

    @Override
    public CompletableFuture<Void> settle(String budget, double reservedUsd, double actualUsd, double seedUsd) {
        budgets.computeIfAbsent(budget, b -> new BudgetCounter(seedUsd)).settle(reservedUsd, actualUsd);
        return DONE;
    }

    @Override
    public BudgetHold budget(String budget) {
        BudgetCounter c = budgets.get(budget);
        return c == null ? new BudgetHold(true, 0, 0) : c.read();
    }

    @Override
    public long nanoTime() {
        return clock.getAsLong();
    }

    /** The deployment's live cell, created on first use. */
    public DeploymentCell cell(String deployment) {
        DeploymentCell c = cells.get(deployment);
        return c != null ? c : cells.computeIfAbsent(deployment, k -> new DeploymentCell(clock.getAsLong()));
    }
}
