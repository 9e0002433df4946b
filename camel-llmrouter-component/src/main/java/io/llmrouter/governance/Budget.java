package io.llmrouter.governance;

/**
 * A spending limit in USD per period. A hard budget refuses what would go beyond it; a soft one only warns (a header
 * on the answer and one log line per period), for teams that want to know rather than be stopped.
 */
public record Budget(double usd, BudgetPeriod period, boolean hard) {

    public Budget {
        if (!(usd >= 0) || Double.isInfinite(usd)) {
            throw new IllegalArgumentException("budget usd must be a number of 0 or more, not " + usd);
        }
        if (period == null) {
            throw new IllegalArgumentException("budget period must be day, week or month");
        }
    }
}
