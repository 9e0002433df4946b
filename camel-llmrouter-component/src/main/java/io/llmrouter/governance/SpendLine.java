package io.llmrouter.governance;

/**
 * One line of a spend report: a key, team, model or day ({@code group}), its total in USD, how many answers it holds
 * and their tokens.
 */
public record SpendLine(String group, double usd, long requests, long promptTokens, long completionTokens) {
}
