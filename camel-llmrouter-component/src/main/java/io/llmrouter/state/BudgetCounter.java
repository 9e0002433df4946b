package io.llmrouter.state;

/** One budget's settled spend and reservations in flight, in USD; the single-node counterpart of the cluster's. */
final class BudgetCounter {

    private double spent;
    private double held;

    BudgetCounter(double seed) {
        this.spent = seed;
    }

    synchronized BudgetHold reserve(double usd, double limit) {
        if (limit >= 0 && spent + held + usd > limit) {
            return new BudgetHold(false, spent, spent + held);
        }
        held += usd;
        return new BudgetHold(true, spent, spent + held);
    }

    synchronized void settle(double reserved, double actual) {
        held = Math.max(0, held - reserved);
        spent += actual;
    }

    synchronized BudgetHold read() {
        return new BudgetHold(true, spent, spent + held);
    }
}
