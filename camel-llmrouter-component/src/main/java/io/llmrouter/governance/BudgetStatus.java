package io.llmrouter.governance;

import java.time.Instant;

/** Where a budget stands in its current period: settled spend, reservations in flight, what is left and when it resets. */
public record BudgetStatus(Budget budget, double spentUsd, double heldUsd, double remainingUsd, Instant resetsAt) {
}
