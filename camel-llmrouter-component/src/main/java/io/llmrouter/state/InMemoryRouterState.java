package io.llmrouter.state;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import io.llmrouter.api.ErrorKind;

/** The single-node {@link RouterState}: lock-free counters in concurrent maps. */
public final class InMemoryRouterState implements RouterState {

    /** Weight of the newest sample in the latency average. */
    static final double ALPHA = 0.2;

    private final ConcurrentHashMap<String, Cell> cells = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DoubleAdder> spendByAccount = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DoubleAdder> spendByModel = new ConcurrentHashMap<>();

    @Override
    public void attemptStarted(String deployment) {
        cell(deployment).inFlight.incrementAndGet();
    }

    @Override
    public void attemptSucceeded(String deployment, long latencyNanos) {
        Cell c = cell(deployment);
        c.inFlight.decrementAndGet();
        c.successes.incrementAndGet();
        c.disabledReason = null;
        double sample = latencyNanos / 1e6;
        c.ewmaBits.getAndUpdate(bits -> {
            double old = Double.longBitsToDouble(bits);
            return Double.doubleToRawLongBits(old == 0 ? sample : old + ALPHA * (sample - old));
        });
    }

    @Override
    public void attemptFailed(String deployment, ErrorKind kind, long latencyNanos) {
        Cell c = cell(deployment);
        c.inFlight.decrementAndGet();
        c.failures.incrementAndGet();
        if (kind == ErrorKind.AUTHENTICATION) {
            c.disabledReason = "the provider rejected the credentials";
        }
    }

    @Override
    public DeploymentStats stats(String deployment) {
        Cell c = cells.get(deployment);
        if (c == null) {
            return DeploymentStats.EMPTY;
        }
        return new DeploymentStats(c.inFlight.get(), Double.longBitsToDouble(c.ewmaBits.get()), c.successes.get(),
                c.failures.get(), c.disabledReason);
    }

    @Override
    public void recordSpend(String account, String model, double usd) {
        spendByAccount.computeIfAbsent(account, k -> new DoubleAdder()).add(usd);
        spendByModel.computeIfAbsent(model, k -> new DoubleAdder()).add(usd);
    }

    @Override
    public double spend(String account) {
        DoubleAdder a = spendByAccount.get(account);
        return a == null ? 0 : a.sum();
    }

    private Cell cell(String deployment) {
        return cells.computeIfAbsent(deployment, k -> new Cell());
    }

    private static final class Cell {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong successes = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong ewmaBits = new AtomicLong();
        volatile String disabledReason;
    }
}
