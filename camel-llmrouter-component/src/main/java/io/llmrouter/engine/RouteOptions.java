package io.llmrouter.engine;

import java.time.Duration;
import java.util.List;

import io.llmrouter.api.CancelToken;
import io.llmrouter.resilience.RetryPolicy;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.scoring.Weights;

/**
 * How one request is to be routed: the endpoint's settings merged with the caller's.
 *
 * @param model             one fixed model or alias; overrides what the body names
 * @param candidates        models the router may choose from when neither the endpoint nor the body fixes one
 * @param strategy          the ranking strategy's name, unless the caller's preferences name another
 * @param weights           the balanced strategy's weights, unless the caller's preferences give others
 * @param timeout           overall deadline of a plain request, and of a stream until its first token
 * @param firstTokenTimeout per attempt: a stream whose first token takes longer fails over
 * @param stallTimeout      a stream silent for longer than this between events fails
 * @param retry             retries, failover bounds, hedging and content-policy fallbacks
 * @param account           whose spend this is
 * @param preferences       what the caller asked of the routing
 * @param cancel            fires when the caller goes away
 */
public record RouteOptions(String model, List<String> candidates, String strategy, Weights weights, Duration timeout,
                           Duration firstTokenTimeout, Duration stallTimeout, RetryPolicy retry, String account,
                           Preferences preferences, CancelToken cancel) {

    public static final String DEFAULT_ACCOUNT = "default";

    public static RouteOptions defaults() {
        return new RouteOptions(null, List.of(), "ordered", null, Duration.ofMinutes(10), Duration.ofSeconds(60),
                Duration.ofSeconds(60), RetryPolicy.DEFAULT, DEFAULT_ACCOUNT, Preferences.NONE, new CancelToken());
    }

    public RouteOptions withStrategy(String name) {
        return new RouteOptions(model, candidates, name, weights, timeout, firstTokenTimeout, stallTimeout, retry,
                account, preferences, cancel);
    }

    public RouteOptions withCancel(CancelToken token) {
        return new RouteOptions(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, retry,
                account, preferences, token);
    }

    public RouteOptions withPreferences(Preferences p) {
        return new RouteOptions(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, retry,
                account, p, cancel);
    }

    public RouteOptions withRetry(RetryPolicy policy) {
        return new RouteOptions(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, policy,
                account, preferences, cancel);
    }

    /** The strategy to use: the caller's choice, else the endpoint's. */
    public String effectiveStrategy() {
        return preferences.strategy() != null ? preferences.strategy() : strategy;
    }

    /** The caller's preferences with the endpoint's weights filled in where the caller gave none. */
    public Preferences effectivePreferences() {
        if (preferences.weights() != null || weights == null) {
            return preferences;
        }
        Preferences p = preferences;
        return new Preferences(p.strategy(), weights, p.maxPriceUsd(), p.latencyTargetMs(), p.minQuality(),
                p.allowProviders(), p.denyProviders(), p.regions(), p.prefer(), p.task(), p.explain());
    }
}
