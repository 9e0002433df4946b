package io.llmrouter.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

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
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.provider.sim.SimControls;
import io.llmrouter.resilience.AttemptLoop;
import io.llmrouter.resilience.BreakerSettings;
import io.llmrouter.resilience.Breakers;
import io.llmrouter.resilience.Outcome;
import io.llmrouter.scoring.Exclusion;
import io.llmrouter.scoring.Ranker;
import io.llmrouter.scoring.Ranking;
import io.llmrouter.scoring.RequestProfile;
import io.llmrouter.scoring.Strategies;
import io.llmrouter.scoring.Strategy;
import io.llmrouter.state.InMemoryRouterState;
import io.llmrouter.state.OnEventLoop;
import io.llmrouter.state.RouterState;
import io.llmrouter.time.Clock;
import io.llmrouter.time.VertxClock;
import io.vertx.core.Vertx;

/**
 * One request end to end, without Camel: resolve the candidates, profile the request, rank, walk the ranking with
 * failover, account for usage and cost. Everything is asynchronous; no call blocks a thread.
 */
public final class LlmEngine implements AutoCloseable {

    /** Body model names that mean "let the router choose". */
    private static final List<String> AUTO = List.of("auto", "router", "llmrouter/auto");
    private static final CompletableFuture<Void> BILLED = CompletableFuture.completedFuture(null);
    /** Pooled connections per upstream host, unless configured. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    private final Catalog catalog;
    private final RouterState state;
    private final Vertx vertx;
    private final Clock clock;
    private final ProviderAdapters adapters;
    private final Strategies strategies;
    private final Ranker ranker;
    private final AttemptLoop attempts;
    private final Breakers breakers;

    private final UpstreamHttp http;
    private final boolean ownVertx;

    private LlmEngine(Builder b, Vertx vertx, boolean ownVertx) {
        this.catalog = b.catalog;
        this.clock = b.clock != null ? b.clock : new VertxClock(vertx);
        this.state = b.state != null ? b.state : new InMemoryRouterState(clock::nanoTime);
        this.vertx = vertx;
        this.ownVertx = ownVertx;
        this.http = new UpstreamHttp(vertx, clock, b.maxConnectionsPerHost, b.maxConnectingPerHost);
        this.adapters = new ProviderAdapters(http);
        this.strategies = b.strategies != null ? b.strategies : Strategies.builtInOnly();
        Random random = b.random != null ? b.random : new Random();
        this.breakers = new Breakers(b.breakers, state, clock);
        this.ranker = new Ranker(state, random, b.breakers.slowStart().toNanos());
        this.attempts = new AttemptLoop(state, this.breakers, vertx, clock, random);
    }

    /** The one way to make an engine: a catalog is required, everything else has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Closes the upstream connections, and the Vert.x instance when the engine made its own. */
    @Override
    public void close() {
        http.close();
        if (ownVertx) {
            vertx.close();
        }
    }

    public Catalog catalog() {
        return catalog;
    }

    public RouterState state() {
        return state;
    }

    /** The per-deployment circuit breakers. */
    public Breakers breakers() {
        return breakers;
    }

    /** The simulator's live knobs (slow a sim model down) and load. */
    public SimControls simControls() {
        return adapters.simControls();
    }

    /** The decision for a chat request without calling any model: the dry run behind {@code POST /v1/route}. */
    public Ranking decide(ChatRequest request, RouteOptions options) {
        RequestProfile profile = RequestProfile.of(request, options.effectivePreferences());
        return rank(profile, request.requestedModels(), options, false);
    }

    public CompletableFuture<Routed<ChatResponse>> chat(ChatRequest request, RouteOptions options) {
        RequestProfile profile = RequestProfile.of(request, options.effectivePreferences());
        Ranking ranking = rank(profile, request.requestedModels(), options, false);
        CompletableFuture<Outcome<ChatResponse>> outcome = withDeadline(options, options.timeout(),
                attempts.run(ranking.ranked(), fallbacks(options), options.retry(), options.cancel(),
                        deadline(options), d -> tokens(profile, d), (d, cancel) -> {
                    long start = clock.nanoTime();
                    CallOptions call = callOptions(d, options, cancel);
                    return attributeFailure(adapters.forType(d.provider().type()).chat(d, request, call), d, call)
                            .thenApply(r -> {
                                state.attemptSucceeded(d.id(), clock.nanoTime() - start, -1,
                                        r.usage == null ? -1 : r.usage.completionTokens);
                                return r;
                            });
                }));
        return outcome.thenCompose(o -> {
            Usage usage = o.value().usage;
            double cost = cost(o.deployment(), usage);
            Routed<ChatResponse> routed = new Routed<>(o.value(), o.deployment(), ranking, o.attempts(), usage, cost,
                    o.upstreamNanos());
            return bill(options, o.deployment(), cost).thenApply(v -> routed);
        });
    }

    /**
     * Starts a streamed completion. The future completes when the first chunk has arrived from some candidate: until
     * then a failure moves on to the next one; after it, failures reach the stream as errors.
     */
    public CompletableFuture<Routed<ChatStream>> stream(ChatRequest request, RouteOptions options) {
        RequestProfile profile = RequestProfile.of(request, options.effectivePreferences());
        Ranking ranking = rank(profile, request.requestedModels(), options, false);
        boolean callerWantsUsage = request.wantsUsageInStream();
        CompletableFuture<Outcome<ChatStream>> outcome = withDeadline(options, options.timeout(),
                attempts.run(ranking.ranked(), fallbacks(options), options.retry(), options.cancel(),
                        deadline(options), d -> tokens(profile, d),
                        (d, cancel) -> {
                            CallOptions call = callOptions(d, options, cancel);
                            return attributeFailure(startStream(d, request, call, callerWantsUsage, options), d, call);
                        }));
        return outcome.thenApply(o -> new Routed<>(o.value(), o.deployment(), ranking, o.attempts(), null, 0,
                o.upstreamNanos()));
    }

    public CompletableFuture<Routed<EmbeddingResponse>> embed(EmbeddingRequest request, RouteOptions options) {
        List<String> named = request.model == null ? List.of() : List.of(request.model);
        RequestProfile profile = RequestProfile.embeddings(request.input.toString(), options.effectivePreferences());
        Ranking ranking = rank(profile, named, options, true);
        CompletableFuture<Outcome<EmbeddingResponse>> outcome = withDeadline(options, options.timeout(),
                attempts.run(ranking.ranked(), List.of(), options.retry(), options.cancel(), deadline(options),
                        d -> profile.approximatePromptTokens(), (d, cancel) -> {
                            long start = clock.nanoTime();
                            CallOptions call = callOptions(d, options, cancel);
                            return attributeFailure(adapters.forType(d.provider().type()).embed(d, request, call), d,
                                    call).thenApply(r -> {
                                        state.attemptSucceeded(d.id(), clock.nanoTime() - start, -1, -1);
                                        return r;
                                    });
                        }));
        return outcome.thenCompose(o -> {
            Usage usage = o.value().usage;
            double cost = cost(o.deployment(), usage);
            Routed<EmbeddingResponse> routed = new Routed<>(o.value(), o.deployment(), ranking, o.attempts(), usage,
                    cost, o.upstreamNanos());
            return bill(options, o.deployment(), cost).thenApply(v -> routed);
        });
    }

    private Ranking rank(RequestProfile profile, List<String> bodyModels, RouteOptions options, boolean embeddings) {
        String name = options.effectiveStrategy();
        Strategy strategy = strategies.find(name);
        if (strategy == null) {
            throw LlmException.invalid(options.preferences().strategy() != null ? "x-llmrouter-strategy" : "strategy",
                    "Unknown routing strategy '" + name + "'. Built in: ordered, cost, latency, throughput, quality, "
                            + "balanced, weighted, round-robin, least-busy, usage; or the name of a Strategy bean.");
        }
        Ranking ranking = ranker.rank(profile, candidates(bodyModels, options, embeddings), strategy);
        if (ranking.candidates().isEmpty()) {
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
                if (embeddings == d.model().can(Capability.EMBEDDINGS)) {
                    all.add(d);
                }
            }
            return all;
        }
        List<Deployment> out = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            Deployment d = catalog.resolve(name).orElseThrow(() -> LlmException.of(ErrorKind.MODEL_NOT_FOUND, 404,
                    catalog.whyUnavailable(name), "model", "model_not_found", null, null));
            if (seen.add(d.id())) {
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

    private long deadline(RouteOptions options) {
        return clock.nanoTime() + options.timeout().toNanos();
    }

    /** The content-policy fallbacks that the catalog knows; unknown names are left out. */
    private List<Deployment> fallbacks(RouteOptions options) {
        List<String> names = options.retry().contentPolicyFallbacks();
        if (names.isEmpty()) {
            return List.of();
        }
        List<Deployment> out = new ArrayList<>(names.size());
        for (String name : names) {
            catalog.resolve(name).ifPresent(out::add);
        }
        return out;
    }

    private static int tokens(RequestProfile profile, Deployment d) {
        return profile.approximatePromptTokens() + profile.expectedOutputTokens(d);
    }

    private CompletableFuture<ChatStream> startStream(Deployment d, ChatRequest request, CallOptions call,
                                                      boolean callerWantsUsage, RouteOptions options) {
        CompletableFuture<ChatStream> committed = new CompletableFuture<>();
        ChatStream stream = new ChatStream(call.cancel());
        long start = clock.nanoTime();
        adapters.forType(d.provider().type()).stream(d, request, call, new StreamListener() {
            private long firstToken = -1;
            private int outputTokens = -1;
            private CompletableFuture<Void> billed = BILLED;

            @Override
            public void onChunk(ChatChunk chunk) {
                if (chunk.usage != null) {
                    outputTokens = chunk.usage.completionTokens;
                    billed = bill(options, d, cost(d, chunk.usage));
                    if (!callerWantsUsage) {
                        if (chunk.usageOnly()) {
                            return;
                        }
                        chunk.usage = null;
                    }
                }
                if (firstToken < 0) {
                    firstToken = clock.nanoTime() - start;
                    committed.complete(stream);
                }
                stream.push(chunk);
            }

            @Override
            public void onComplete() {
                long took = clock.nanoTime() - start;
                state.attemptSucceeded(d.id(), took, firstToken >= 0 ? firstToken : took, outputTokens);
                committed.complete(stream);
                // the stream ends only once its spend is recorded: an answer is never billed but not counted
                billed.whenComplete((v, e) -> stream.complete());
            }

            @Override
            public void onError(LlmException error) {
                if (!committed.completeExceptionally(error)) {
                    state.attemptFailed(d.id(), error.kind(), clock.nanoTime() - start, error.retryAfterMillis());
                    stream.fail(error);
                }
            }
        });
        return committed;
    }

    private static double cost(Deployment d, Usage usage) {
        return usage == null ? 0 : d.cost(usage.promptTokens, usage.cachedTokens(), usage.completionTokens);
    }

    /** Records the spend; what follows runs once it is durable, back on this request's event loop. */
    private CompletableFuture<Void> bill(RouteOptions options, Deployment d, double cost) {
        if (cost == 0) {
            return BILLED;
        }
        return OnEventLoop.resume(vertx, state.recordSpend(options.account(), d.id(), cost));
    }

    private CallOptions callOptions(Deployment d, RouteOptions options, CancelToken cancel) {
        Duration timeout = d.provider().requestTimeout().compareTo(options.timeout()) < 0
                ? d.provider().requestTimeout() : options.timeout();
        Duration firstToken = d.model().firstTokenTimeout() != null ? d.model().firstTokenTimeout()
                : options.firstTokenTimeout();
        Duration stall = d.model().stallTimeout() != null ? d.model().stallTimeout() : options.stallTimeout();
        return new CallOptions(timeout, firstToken, stall, cancel);
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
            LlmException e = AttemptLoop.unwrap(error);
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
    private <T> CompletableFuture<T> withDeadline(RouteOptions options, Duration deadline, CompletableFuture<T> work) {
        if (work.isDone()) {
            return work;
        }
        Clock.Timer timer = clock.schedule(deadline.toMillis(), () -> {
            if (work.completeExceptionally(LlmException.of(ErrorKind.DEADLINE_EXCEEDED, "No answer within the "
                    + "request's " + deadline.toMillis() + " ms deadline"))) {
                options.cancel().cancel();
            }
        });
        work.whenComplete((v, e) -> timer.cancel());
        return work;
    }

    /** Collects an engine's parts; {@link #build()} checks them. */
    public static final class Builder {
        private Catalog catalog;
        private RouterState state;
        private Vertx vertx;
        private Clock clock;
        private Strategies strategies;
        private BreakerSettings breakers = BreakerSettings.DEFAULT;
        private Random random;
        private int maxConnectionsPerHost = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectingPerHost = UpstreamHttp.DEFAULT_MAX_CONNECTING;

        private Builder() {
        }

        /** The models and providers to route over (required). */
        public Builder catalog(Catalog catalog) {
            this.catalog = catalog;
            return this;
        }

        /** Where live statistics, circuits, rate windows and spend are kept; in memory unless given. */
        public Builder state(RouterState state) {
            this.state = state;
            return this;
        }

        /** The Vert.x instance whose event loops run upstream calls; the engine makes (and closes) its own if none. */
        public Builder vertx(Vertx vertx) {
            this.vertx = vertx;
            return this;
        }

        /**
         * Times deadlines, backoff, hedging, breakers, watchdogs and statistics; the real clock (on the engine's Vert.x)
         * unless given. A given state should run on the same clock.
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Routing strategies by name; the built-in ones unless given. */
        public Builder strategies(Strategies strategies) {
            this.strategies = strategies;
            return this;
        }

        public Builder breakers(BreakerSettings breakers) {
            this.breakers = breakers;
            return this;
        }

        /** The source of randomness for ranking ties, jitter and slow start; fixed seeds make tests repeatable. */
        public Builder random(Random random) {
            this.random = random;
            return this;
        }

        /** Pooled connections per upstream host, and how many of them may be opening at once. */
        public Builder connections(int maxPerHost, int maxConnectingPerHost) {
            this.maxConnectionsPerHost = maxPerHost;
            this.maxConnectingPerHost = maxConnectingPerHost;
            return this;
        }

        public LlmEngine build() {
            if (catalog == null) {
                throw new IllegalArgumentException("An engine needs a catalog");
            }
            if (breakers == null) {
                throw new IllegalArgumentException("breakers must not be null");
            }
            return vertx != null ? new LlmEngine(this, vertx, false) : new LlmEngine(this, Vertx.vertx(), true);
        }
    }
}
