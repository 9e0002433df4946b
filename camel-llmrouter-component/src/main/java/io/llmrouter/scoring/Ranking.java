package io.llmrouter.scoring;

import java.util.List;

import io.llmrouter.catalog.Deployment;

/** The failover order for one request, the strategy that made it, and the candidates left out with reasons. */
public record Ranking(String strategy, List<Deployment> ranked, List<Exclusion> excluded) {
}
