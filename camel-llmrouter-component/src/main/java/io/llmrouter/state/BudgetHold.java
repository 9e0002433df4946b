package io.llmrouter.state;

/**
 * The answer to a budget reservation.
 *
 * @param granted   false when the reservation would have taken the budget beyond its limit; nothing was reserved
 * @param spentUsd  settled spend of the period, without what is reserved
 * @param heldUsd   settled spend plus every reservation in flight, this one included when granted
 */
public record BudgetHold(boolean granted, double spentUsd, double heldUsd) {
}
