package io.llmrouter.engine;

import java.time.Duration;
import java.util.List;

import io.llmrouter.api.CancelToken;

/**
 * How one request is to be routed: the endpoint's settings merged with the caller's.
 *
 * @param model             one fixed model or alias; overrides what the body names
 * @param candidates        models the router may choose from when neither the endpoint nor the body fixes one
 * @param strategy          the ranking strategy's name
 * @param timeout           overall deadline of a plain request, and of a stream until its first token
 * @param firstTokenTimeout per attempt: a stream whose first token takes longer fails over
 * @param stallTimeout      a stream silent for longer than this between events fails
 * @param account           whose spend this is
 * @param cancel            fires when the caller goes away
 */
public record RouteOptions(String model, List<String> candidates, String strategy, Duration timeout,
                           Duration firstTokenTimeout, Duration stallTimeout, String account, CancelToken cancel) {

    public static final String DEFAULT_ACCOUNT = "default";

    public static RouteOptions defaults() {
        return new RouteOptions(null, List.of(), "ordered", Duration.ofMinutes(10), Duration.ofSeconds(60),
                Duration.ofSeconds(60), DEFAULT_ACCOUNT, new CancelToken());
    }

    public RouteOptions withCancel(CancelToken token) {
        return new RouteOptions(model, candidates, strategy, timeout, firstTokenTimeout, stallTimeout, account, token);
    }
}
