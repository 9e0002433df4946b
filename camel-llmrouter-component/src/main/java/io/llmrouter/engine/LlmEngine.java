package io.llmrouter.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.resilience.AttemptLoop;
import io.llmrouter.resilience.Outcome;
import io.llmrouter.scoring.Exclusion;
import io.llmrouter.scoring.Ranker;
import io.llmrouter.scoring.Ranking;
import io.llmrouter.scoring.RequestProfile;
import io.llmrouter.scoring.Strategy;
import io.llmrouter.state.RouterState;
import io.vertx.core.Vertx;

/**
 * One request end to end, without Camel: resolve the candidates, rank them, walk the ranking with failover, account
 * for usage and cost. Everything is asynchronous; no call blocks a thread.
 */
public final class LlmEngine {

    /** Body model names that mean "let the router choose". */
    private static final List<String> AUTO = List.of("auto", "router", "llmrouter/auto");

    private final Catalog catalog;
    private final RouterState state;
    private final Vertx vertx;
    private final ProviderAdapters adapters;
    private final Function<String, Strategy> strategies;
    private final Ranker ranker;
    private final AttemptLoop attempts;

    public LlmEngine(Catalog catalog, RouterState state, UpstreamHttp http, Function<String, Strategy> strategies) {
        this.catalog = catalog;
        this.state = state;
        this.vertx = http.vertx();
        this.adapters = new ProviderAdapters(http);
        this.strategies = strategies;
        this.ranker = new Ranker(state);
        this.attempts = new AttemptLoop(state);
    }

    public Catalog catalog() {
        return catalog;
    }

    public RouterState state() {
        return state;
    }

    public CompletableFuture<Routed<ChatResponse>> chat(ChatRequest request, RouteOptions options) {
        Ranking ranking = rank(RequestProfile.of(request), request.requestedModels(), options, false);
        CompletableFuture<Outcome<ChatResponse>> outcome = withDeadline(options, options.timeout(),
                attempts.run(ranking.ranked(), options.cancel(), false, (d, cancel) -> adapters
                        .forType(d.provider().type()).chat(d, request, callOptions(d, options, cancel))));
        return outcome.thenApply(o -> {
            Usage usage = o.value().usage;
            double cost = bill(options, o.deployment(), usage);
            return new Routed<>(o.value(), o.deployment(), ranking, o.attempts(), usage, cost, o.upstreamNanos());
        });
    }

    /**
     * Starts a streamed completion. The future completes when the first chunk has arrived from some candidate: until
     * then a failure moves on to the next one; after it, failures reach the stream as errors.
     */
    public CompletableFuture<Routed<ChatStream>> stream(ChatRequest request, RouteOptions options) {
        Ranking ranking = rank(RequestProfile.of(request), request.requestedModels(), options, false);
        boolean callerWantsUsage = request.wantsUsageInStream();
        CompletableFuture<Outcome<ChatStream>> outcome = withDeadline(options, options.timeout(),
                attempts.run(ranking.ranked(), options.cancel(), true,
                        (d, cancel) -> startStream(d, request, callOptions(d, options, cancel), callerWantsUsage,
                                options)));
        return outcome.thenApply(o -> new Routed<>(o.value(), o.deployment(), ranking, o.attempts(), null, 0,
                o.upstreamNanos()));
    }

    public CompletableFuture<Routed<EmbeddingResponse>> embed(EmbeddingRequest request, RouteOptions options) {
        List<String> named = request.model == null ? List.of() : List.of(request.model);
        Ranking ranking = rank(RequestProfile.embeddings(), named, options, true);
        CompletableFuture<Outcome<EmbeddingResponse>> outcome = withDeadline(options, options.timeout(),
                attempts.run(ranking.ranked(), options.cancel(), false, (d, cancel) -> adapters
                        .forType(d.provider().type()).embed(d, request, callOptions(d, options, cancel))));
        return outcome.thenApply(o -> {
            Usage usage = o.value().usage;
            double cost = bill(options, o.deployment(), usage);
            return new Routed<>(o.value(), o.deployment(), ranking, o.attempts(), usage, cost, o.upstreamNanos());
        });
    }

    /** The candidates for a request, filtered and ordered: the failover order. */
    public Ranking rank(RequestProfile profile, List<String> bodyModels, RouteOptions options, boolean embeddings) {
        Strategy strategy = strategies.apply(options.strategy());
        if (strategy == null) {
            throw LlmException.invalid("strategy", "Unknown routing strategy '" + options.strategy() + "'.");
        }
        Ranking ranking = ranker.rank(profile, candidates(bodyModels, options, embeddings), strategy);
        if (ranking.ranked().isEmpty()) {
            throw noCandidate(ranking);
        }
        return ranking;
    }

    private List<Deployment> candidates(List<String> bodyModels, RouteOptions options, boolean embeddings) {
        List<String> names;
        if (options.model() != null) {
            names = List.of(options.model());
        } else if (!bodyModels.isEmpty() && !(bodyModels.size() == 1 && AUTO.contains(bodyModels.get(0)))) {
            names = bodyModels;
        } else if (!options.candidates().isEmpty()) {
            names = options.candidates();
        } else {
            List<Deployment> all = new ArrayList<>();
            for (Deployment d : catalog.deployments()) {
                if (embeddings == d.model().can(io.llmrouter.catalog.Capability.EMBEDDINGS)) {
                    all.add(d);
                }
            }
            return all;
        }
        List<Deployment> out = new ArrayList<>(names.size());
        for (String name : names) {
            Deployment d = catalog.resolve(name).orElseThrow(() -> LlmException.of(ErrorKind.MODEL_NOT_FOUND, 404,
                    catalog.whyUnavailable(name), "model", "model_not_found", null, null));
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        return out;
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

    private CompletableFuture<ChatStream> startStream(Deployment d, ChatRequest request, CallOptions call,
                                                      boolean callerWantsUsage, RouteOptions options) {
        CompletableFuture<ChatStream> committed = new CompletableFuture<>();
        ChatStream stream = new ChatStream(call.cancel());
        long start = System.nanoTime();
        adapters.forType(d.provider().type()).stream(d, request, call, new StreamListener() {
            @Override
            public void onChunk(ChatChunk chunk) {
                if (chunk.usage != null) {
                    bill(options, d, chunk.usage);
                    if (!callerWantsUsage) {
                        if (chunk.usageOnly()) {
                            return;
                        }
                        chunk.usage = null;
                    }
                }
                committed.complete(stream);
                stream.push(chunk);
            }

            @Override
            public void onComplete() {
                state.attemptSucceeded(d.id(), System.nanoTime() - start);
                committed.complete(stream);
                stream.complete();
            }

            @Override
            public void onError(LlmException error) {
                if (!committed.completeExceptionally(error)) {
                    state.attemptFailed(d.id(), error.kind(), System.nanoTime() - start);
                    stream.fail(error);
                }
            }
        });
        return committed;
    }

    private double bill(RouteOptions options, Deployment d, Usage usage) {
        if (usage == null) {
            return 0;
        }
        double cost = d.cost(usage.promptTokens, usage.cachedTokens(), usage.completionTokens);
        state.recordSpend(options.account(), d.id(), cost);
        return cost;
    }

    private CallOptions callOptions(Deployment d, RouteOptions options, CancelToken cancel) {
        Duration timeout = d.provider().requestTimeout().compareTo(options.timeout()) < 0
                ? d.provider().requestTimeout() : options.timeout();
        return new CallOptions(timeout, options.firstTokenTimeout(), options.stallTimeout(), cancel);
    }

    /** Fails the request and cancels its attempts when the deadline passes first. */
    private <T> CompletableFuture<T> withDeadline(RouteOptions options, Duration deadline, CompletableFuture<T> work) {
        if (work.isDone()) {
            return work;
        }
        long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> {
            if (work.completeExceptionally(LlmException.of(ErrorKind.TIMEOUT, 504, "No answer within the request's "
                    + deadline.toMillis() + " ms deadline", null, "deadline_exceeded", null, null))) {
                options.cancel().cancel();
            }
        });
        work.whenComplete((v, e) -> vertx.cancelTimer(timer));
        return work;
    }

    /** Strategies known to the engine by name, before any registered by the user. */
    public static Map<String, Strategy> builtInStrategies() {
        return Map.of(io.llmrouter.scoring.OrderedStrategy.NAME, new io.llmrouter.scoring.OrderedStrategy());
    }
}
