package io.llmrouter.scoring;

import java.util.List;
import java.util.Set;

/**
 * What the caller asked of the routing, from {@code x-llmrouter-*} headers or the body's {@code router} object. Every
 * field is optional (null or empty when not given).
 *
 * @param strategy        overrides the endpoint's strategy
 * @param weights         for the balanced strategy
 * @param maxPriceUsd     the most one request may be expected to cost
 * @param latencyTargetMs deployments observed slower than this are left out
 * @param minQuality      deployments with a lower (or unknown) quality are left out
 * @param allowProviders  only these providers
 * @param denyProviders   never these providers
 * @param regions         only providers that process data in one of these regions
 * @param prefer          models to try first, in this order, when admissible
 * @param task            task tag for per-task quality (e.g. code)
 * @param qualityFloor    for the learned strategy: the cheapest model predicted at least this share (0..1) of the best
 *                        predicted quality goes first
 * @param explain         include the full ranking in the answer
 */
public record Preferences(String strategy, Weights weights, Double maxPriceUsd, Double latencyTargetMs,
                          Double minQuality, Set<String> allowProviders, Set<String> denyProviders, Set<String> regions,
                          List<String> prefer, String task, Double qualityFloor, boolean explain) {

    public static final Preferences NONE = new Preferences(null, null, null, null, null, Set.of(), Set.of(), Set.of(),
            List.of(), null, null, false);
}
