package io.llmrouter.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.resilience.AttemptLoop;
import io.llmrouter.resilience.AttemptRecord;
import io.llmrouter.resilience.Outcome;
import io.llmrouter.scoring.Exclusion;
import io.llmrouter.scoring.Ranker;
import io.llmrouter.scoring.Ranking;
import io.llmrouter.scoring.RequestProfile;
import io.llmrouter.scoring.Strategies;
import io.llmrouter.scoring.Strategy;
import io.llmrouter.state.OnEventLoop;
import io.llmrouter.state.RouterState;
import io.llmrouter.telemetry.AttemptTrace;
import io.llmrouter.time.Clock;
import io.vertx.core.Vertx;

/**
 * The stages every request goes through, whatever its kind: <b>admit</b> (what the caller asked for exists; where
 * keys and budgets will be checked), <b>profile</b> (what it needs of a model), <b>rank</b> (its candidates, best first), <b>attempt</b> (failover
 * over the ranking within the request's deadline), <b>account</b> (cost and spend) and <b>respond</b> (the answer with
 * the decision behind it, and the listeners told). The request's {@link io.llmrouter.telemetry.RequestTrace} hears the
 * ranking and each attempt, whose trace context goes upstream with it. The kind of request ({@link Operation}) supplies
 * only what differs.
 */
final class RequestPipeline {

    /**
     * A stream whose first token takes this many times the deployment's own recent time to first token (its peak
     * EWMA) is taken as stuck and fails over, when another candidate is left to fail over to.
     */
    static final int FIRST_TOKEN_MARGIN = 3;
    /** ... but never sooner than this: a long prompt legitimately takes longer than the short ones before it. */
    static final Duration FIRST_TOKEN_FLOOR = Duration.ofSeconds(10);

    private final Strategies strategies;
    private final Candidates candidates;
    private final Ranker ranker;
    private final AttemptLoop attempts;
    private final ProviderAdapters adapters;
    private final Accounting accounting;
    private final RequestListener listener;
    private final RouterState state;
    private final Clock clock;
    private final Steer steer;
    private final Vertx vertx;
    private final CacheStage cache;

    RequestPipeline(Strategies strategies, Candidates candidates, Ranker ranker, AttemptLoop attempts,
                    ProviderAdapters adapters, Accounting accounting, RequestListener listener, RouterState state,
                    Clock clock, Vertx vertx, CacheStage cache) {
        this.cache = cache;
        this.strategies = strategies;
        this.candidates = candidates;
        this.ranker = ranker;
        this.attempts = attempts;
        this.adapters = adapters;
        this.accounting = accounting;
        this.listener = listener;
        this.state = state;
        this.clock = clock;
        this.steer = new Steer(candidates::catalog);
        this.vertx = vertx;
    }

    /**
     * Runs every stage. A request refused before its attempts (bad strategy, unknown model) throws at once, or fails
     * its future when it first looked in the response cache or its strategy prepared off this thread (the learned
     * strategy embeds the prompt).
     */
    <T> CompletableFuture<Routed<T>> run(Operation<T> op, RouteOptions given) {
        RequestProfile toPredict;
        try {
            toPredict = steer.toPredict(op, given);
        } catch (LlmException e) {
            listener.failed(given, e);
            throw e;
        }
        if (toPredict == null) {
            return run(op, given, null);
        }
        // a rule reads the predicted difficulty: the prompt is embedded on the learned router's worker first, and its
        // prediction serves the learned strategy too
        return OnEventLoop.resume(vertx, strategies.learned().prepare(toPredict))
                .thenCompose(v -> run(op, given, toPredict));
    }

    private <T> CompletableFuture<Routed<T>> run(Operation<T> op, RouteOptions given, RequestProfile predicted) {
        Steer.Steered steered;
        Strategy strategy;
        try {
            // the catalog's rules first: a kept answer must be one the steered request could have been given
            steered = steer.apply(op, given, predicted);
            strategy = admit(steered.options());
        } catch (LlmException e) {
            listener.failed(given, e);
            throw e;
        }
        RouteOptions options = steered.options();
        if (!cache.applies(op, options)) {
            return routed(op, steered, strategy);
        }
        return cache.lookup(op, options).thenCompose(l -> {
            Deployment d = cache.servable(l, options);
            if (d != null) {
                Routed<T> hit = cache.serve(op, l, d, options);
                respond(op, options, hit, null);
                cache.served(hit, options);
                return CompletableFuture.completedFuture(hit);
            }
            cache.keepWhenWhole(op, l);
            return routed(op, steered, strategy).thenApply(routed -> cache.kept(l, routed));
        });
    }

    private <T> CompletableFuture<Routed<T>> routed(Operation<T> op, Steer.Steered steered, Strategy strategy) {
        RequestProfile profile = steered.profile();
        CompletableFuture<Void> prepared;
        try {
            prepared = strategy.prepare(profile);
        } catch (LlmException e) {
            listener.failed(steered.options(), e);
            throw e;
        }
        if (prepared.isDone() && !prepared.isCompletedExceptionally()) {
            return runRanked(op, profile, strategy, steered);
        }
        // the strategy prepared on a worker; the attempts go on from the caller's event loop
        return OnEventLoop.resume(vertx, prepared).thenCompose(v -> runRanked(op, profile, strategy, steered));
    }

    private <T> CompletableFuture<Routed<T>> runRanked(Operation<T> op, RequestProfile profile, Strategy strategy,
                                                       Steer.Steered steered) {
        RouteOptions chosen = steered.options();
        Ranking ranking;
        try {
            ranking = rank(op, profile, strategy, chosen).withRule(steered.rule());
        } catch (LlmException e) {
            listener.failed(chosen, e);
            throw e;
        }
        RouteOptions options = chosen;
        listener.ranked(options, ranking);
        options.trace().ranked(ranking);
        if (op instanceof StreamOperation stream && options.retry().resumeStreams()) {
            stream.resumeWith(resumer(op, profile, ranking, options));
        }
        return reserve(op, profile, ranking, options)
                .thenCompose(v -> attempt(op, profile, ranking, options))
                .thenCompose(outcome -> account(op, outcome, ranking, options))
                .whenComplete((routed, error) -> respond(op, options, routed, error));
    }

    /** The decision alone: admit, profile and rank, without calling any model. */
    <T> CompletableFuture<Ranking> decide(Operation<T> op, RouteOptions given) {
        RequestProfile toPredict = steer.toPredict(op, given);
        return toPredict == null ? decide(op, given, null)
                : OnEventLoop.resume(vertx, strategies.learned().prepare(toPredict))
                        .thenCompose(v -> decide(op, given, toPredict));
    }

    private <T> CompletableFuture<Ranking> decide(Operation<T> op, RouteOptions given, RequestProfile predicted) {
        Steer.Steered steered = steer.apply(op, given, predicted);
        Strategy strategy = admit(steered.options());
        RequestProfile profile = steered.profile();
        return OnEventLoop.resume(vertx, strategy.prepare(profile))
                .thenApply(v -> rank(op, profile, strategy, steered.options()).withRule(steered.rule()));
    }

    private Strategy admit(RouteOptions options) {
        String name = options.effectiveStrategy();
        Strategy strategy = strategies.find(name);
        if (strategy == null) {
            throw LlmException.invalid(options.preferences().strategy() != null ? "x-llmrouter-strategy" : "strategy",
                    "Unknown routing strategy '" + name + "'. Built in: ordered, cost, latency, throughput, quality, "
                            + "balanced, weighted, round-robin, least-busy, usage, learned; or the name of a Strategy bean.");
        }
        return strategy;
    }

    private Ranking rank(Operation<?> op, RequestProfile profile, Strategy strategy, RouteOptions options) {
        Ranking ranking = ranker.rank(profile, candidates.of(op.namedModels(), options, op.embeddings()), strategy);
        if (ranking.candidates().isEmpty()) {
            throw noCandidate(ranking);
        }
        return ranking;
    }

    /**
     * Where a stream that broke after its first token goes on: the next candidate in the ranking after the one that
     * broke and not known to be down, asked to continue a prefill when its catalog entry says it can, else to answer
     * again (then spliced). Each deployment is asked once, and the parts of one answer count against the request's
     * {@code maxAttempts}.
     */
    private StreamOperation.Resumer resumer(Operation<?> op, RequestProfile profile, Ranking ranking,
                                            RouteOptions options) {
        java.util.Set<String> tried = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return broken -> {
            tried.add(broken.id());
            if (tried.size() >= options.retry().maxAttempts()) {
                return null; // the stream's parts so far used the request's attempts
            }
            List<Deployment> ranked = ranking.ranked();
            long now = clock.nanoTime();
            for (int i = ranked.indexOf(broken) + 1; i < ranked.size(); i++) {
                Deployment d = ranked.get(i);
                if (!tried.add(d.id()) || state.stats(d.id()).unavailableReason(now) != null) {
                    continue;
                }
                options.tab().sent(d);
                AttemptRecord record = AttemptRecord.started(state, d.id(), op.expectedTokens(profile, d), clock);
                AttemptTrace trace = options.trace().attempt(d);
                record.traced(trace);
                CancelToken lane = new CancelToken();
                options.cancel().onCancel(lane::cancel);
                return new StreamOperation.Continuation(d, adapters.forType(d.provider().type()),
                        callOptions(d, options, lane, false, trace.headers()), record,
                        d.model().can(Capability.PREFILL), profile.promptTokens(broken));
            }
            return null;
        };
    }

    /** The caller's limits, and the most any ranked candidate can cost reserved against its budgets. */
    private <T> CompletableFuture<Void> reserve(Operation<T> op, RequestProfile profile, Ranking ranking,
                                                RouteOptions options) {
        double worst = 0;
        for (Deployment d : ranking.ranked()) {
            worst = Math.max(worst, op.worstCaseCost(profile, d));
        }
        if (!op.embeddings()) {
            for (Deployment d : candidates.refusalModels(options)) {
                worst = Math.max(worst, op.worstCaseCost(profile, d));
            }
        }
        return accounting.reserve(options.tab(), op.expectedTokens(profile, ranking.ranked().get(0)), worst);
    }

    private <T> CompletableFuture<Outcome<T>> attempt(Operation<T> op, RequestProfile profile, Ranking ranking,
                                                      RouteOptions options) {
        List<Deployment> refusalModels = op.embeddings() ? List.of() : candidates.refusalModels(options);
        long deadline = clock.nanoTime() + options.timeout().toNanos();
        return withDeadline(options, attempts.run(ranking.ranked(), refusalModels, options.retry(), options.cancel(),
                deadline, d -> op.expectedTokens(profile, d), (d, lane, record) -> {
                    options.tab().sent(d);
                    AttemptTrace trace = options.trace().attempt(d);
                    record.traced(trace);
                    CallOptions call = callOptions(d, options, lane, fallbackLeft(ranking, d), trace.headers());
                    return attributeFailure(op.attempt(adapters.forType(d.provider().type()), d, call, record), d,
                            call);
                }));
    }

    private <T> CompletableFuture<Routed<T>> account(Operation<T> op, Outcome<T> o, Ranking ranking,
                                                     RouteOptions options) {
        Usage usage = op.usage(o.value());
        double cost = Accounting.cost(o.deployment(), usage);
        Routed<T> routed = new Routed<>(o.value(), o.deployment(), ranking, o.attempts(), usage, cost,
                o.upstreamNanos(), null);
        if (op.billedAsItStreams()) {
            return CompletableFuture.completedFuture(routed);
        }
        return (usage == null ? accounting.billUnreported(options, o.deployment())
                : accounting.bill(options, o.deployment(), usage, cost)).thenApply(v -> routed);
    }

    private <T> void respond(Operation<T> op, RouteOptions options, Routed<T> routed, Throwable error) {
        if (error == null) {
            listener.answered(options, routed);
            op.responded(routed.value());
        } else {
            LlmException e = LlmException.unwrap(error);
            if (reachedProvider(e) && routedAny(options)) {
                // cut off after it was sent: the provider bills it all the same, by an amount nobody told us
                Deployment d = options.tab().lastSent();
                options.tab().settleUnreported(d.id(), d.provider().id());
            } else {
                options.tab().release();
            }
            listener.failed(options, e);
        }
    }

    /** The caller left or the deadline passed while an attempt was with a provider. */
    private static boolean reachedProvider(LlmException e) {
        return e.kind() == ErrorKind.CANCELLED || e.kind() == ErrorKind.DEADLINE_EXCEEDED;
    }

    private static boolean routedAny(RouteOptions options) {
        return options.tab().lastSent() != null;
    }

    private static LlmException noCandidate(Ranking ranking) {
        boolean health = false;
        StringBuilder sb = new StringBuilder("No model can serve this request: ");
        for (int i = 0; i < ranking.excluded().size(); i++) {
            Exclusion e = ranking.excluded().get(i);
            health |= e.health();
            sb.append(i == 0 ? "" : "; ").append(e.deployment()).append(' ').append(e.reason());
        }
        if (ranking.excluded().isEmpty()) {
            sb.append("no candidates");
        }
        return LlmException.of(ErrorKind.NO_CANDIDATE, health ? 503 : 400, sb.append('.').toString(), "model",
                health ? "no_healthy_candidate" : "no_capable_model", null, null);
    }

    private CallOptions callOptions(Deployment d, RouteOptions options, CancelToken cancel, boolean fallbackLeft,
                                    Map<String, String> headers) {
        Duration timeout = d.provider().requestTimeout().compareTo(options.timeout()) < 0
                ? d.provider().requestTimeout() : options.timeout();
        Duration firstToken = d.model().firstTokenTimeout() != null ? d.model().firstTokenTimeout()
                : firstTokenDeadline(d, options.firstTokenTimeout(), fallbackLeft);
        Duration stall = d.model().stallTimeout() != null ? d.model().stallTimeout() : options.stallTimeout();
        return new CallOptions(timeout, firstToken, stall, cancel, headers);
    }

    /**
     * The configured first-token timeout, shortened to {@link #FIRST_TOKEN_MARGIN} times the deployment's observed time
     * to first token (not below {@link #FIRST_TOKEN_FLOOR}) when a fallback is left: a provider that is suddenly far
     * slower than itself loses the request to the next candidate instead of holding the caller for the full timeout.
     * The last candidate, or one never measured, gets the configured timeout.
     */
    private Duration firstTokenDeadline(Deployment d, Duration configured, boolean fallbackLeft) {
        if (!fallbackLeft) {
            return configured;
        }
        double observedMs = state.stats(d.id()).peakEwmaMs(true, clock.nanoTime());
        if (observedMs <= 0) {
            return configured;
        }
        long derived = Math.max(FIRST_TOKEN_FLOOR.toMillis(), (long) Math.ceil(observedMs * FIRST_TOKEN_MARGIN));
        return derived < configured.toMillis() ? Duration.ofMillis(derived) : configured;
    }

    private static boolean fallbackLeft(Ranking ranking, Deployment d) {
        List<Deployment> ranked = ranking.ranked();
        int i = ranked.indexOf(d);
        return i >= 0 && i < ranked.size() - 1;
    }

    /**
     * A timeout is the provider's only when the provider had the request for its whole allowance. One that ran out
     * before the attempt had an upstream connection waited in the gateway's own queue (the gateway was busy); one cut
     * short by the request's deadline, shorter than the provider's request timeout, is the caller's limit. Neither may
     * open a breaker.
     */
    private static <T> CompletableFuture<T> attributeFailure(CompletableFuture<T> attempt, Deployment d,
                                                             CallOptions call) {
        return attempt.exceptionallyCompose(error -> {
            LlmException e = LlmException.unwrap(error);
            boolean timedOut = e.kind() == ErrorKind.TIMEOUT || e.kind() == ErrorKind.FIRST_TOKEN_TIMEOUT;
            if (timedOut && !call.connected().get()) {
                return CompletableFuture.failedFuture(LlmException.of(ErrorKind.GATEWAY_BUSY, "No connection to the "
                        + "upstream of '" + d.id() + "' came free in the gateway within " + call.timeout().toMillis()
                        + " ms"));
            }
            if (e.kind() == ErrorKind.TIMEOUT && call.timeout().compareTo(d.provider().requestTimeout()) < 0) {
                return CompletableFuture.failedFuture(LlmException.of(ErrorKind.DEADLINE_EXCEEDED, "No answer from '"
                        + d.id() + "' within the request's " + call.timeout().toMillis() + " ms deadline"));
            }
            return CompletableFuture.failedFuture(e);
        });
    }

    /** Fails the request and cancels its attempts when the deadline passes first. */
    private <T> CompletableFuture<T> withDeadline(RouteOptions options, CompletableFuture<T> work) {
        if (work.isDone()) {
            return work;
        }
        Duration deadline = options.timeout();
        Clock.Timer timer = clock.schedule(deadline.toMillis(), () -> {
            if (work.completeExceptionally(LlmException.of(ErrorKind.DEADLINE_EXCEEDED, "No answer within the "
                    + "request's " + deadline.toMillis() + " ms deadline"))) {
                options.cancel().cancel();
            }
        });
        work.whenComplete((v, e) -> timer.cancel());
        return work;
    }
}
