package io.llmrouter.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.LlmException;
import io.llmrouter.cache.CacheStore;
import io.llmrouter.cache.InMemoryCacheStore;
import io.llmrouter.learned.MiniLmEmbedder;
import io.llmrouter.learned.Embedder;
import io.llmrouter.cache.ResponseCache;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.LiveCatalog;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.provider.sim.SimControls;
import io.llmrouter.resilience.AttemptLoop;
import io.llmrouter.resilience.BreakerSettings;
import io.llmrouter.resilience.Breakers;
import io.llmrouter.scoring.LearnedStrategy;
import io.llmrouter.scoring.Preferences;
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
 * The router without Camel: one {@link RequestPipeline} (admit, profile, rank, attempt, account, respond) for chat,
 * streams and embeddings, over a catalog and a state. Made with {@link #builder()}. Everything is asynchronous; no call
 * blocks a thread. Failures surface as {@link io.llmrouter.api.LlmException}.
 */
public final class LlmEngine implements AutoCloseable {

    /** Pooled connections per upstream host, unless configured. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** Requests per upstream host that may wait for a new connection at once, unless configured. */
    public static final int DEFAULT_MAX_CONNECTING = UpstreamHttp.DEFAULT_MAX_CONNECTING;
    /** Answers the in-process response cache keeps at most, unless configured. */
    public static final int DEFAULT_CACHE_ENTRIES = 10_000;

    private final LiveCatalog catalog;
    private final RouterState state;
    private final Vertx vertx;
    private final boolean ownVertx;
    private final UpstreamHttp http;
    private final ProviderAdapters adapters;
    private final Breakers breakers;
    private final Accounting accounting;
    private final Listeners listeners;
    private final RequestPipeline pipeline;
    private final ResponseCache cache;

    private LlmEngine(Builder b, Vertx vertx, boolean ownVertx) {
        this.catalog = b.liveCatalog != null ? b.liveCatalog : LiveCatalog.fixed(b.catalog);
        Clock clock = b.clock != null ? b.clock : new VertxClock(vertx);
        this.state = b.state != null ? b.state : new InMemoryRouterState(clock::nanoTime);
        this.vertx = vertx;
        this.ownVertx = ownVertx;
        this.http = new UpstreamHttp(vertx, clock, b.maxConnectionsPerHost, b.maxConnectingPerHost);
        this.adapters = new ProviderAdapters(http);
        Random random = b.random != null ? b.random : new Random();
        this.breakers = new Breakers(b.breakers, state, clock);
        this.accounting = new Accounting(state, vertx);
        this.listeners = new Listeners(b.listeners);
        this.cache = new ResponseCache(b.cacheStore != null ? b.cacheStore
                : new InMemoryCacheStore(b.cacheMaxEntries, clock::millis), b.embedder, clock::millis);
        CacheStage cacheStage = new CacheStage(cache, catalog::get, listeners, lookup -> OnEventLoop.resume(vertx, lookup));
        this.pipeline = new RequestPipeline(new Strategies(random, new LearnedStrategy(() -> catalog.get().learned()),
                b.userStrategies), new Candidates(catalog::get),
                new Ranker(state, random, b.breakers.slowStart().toNanos()),
                new AttemptLoop(state, breakers, vertx, clock, random), adapters, accounting, listeners, state, clock,
                vertx, cacheStage);
    }

    /** The one way to make an engine: a catalog is required, everything else has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Closes the upstream connections, and the Vert.x instance when the engine made its own. */
    @Override
    public void close() {
        cache.close();
        http.close();
        if (ownVertx) {
            vertx.close();
        }
    }

    /**
     * What follows {@code answer} runs back on the caller's Vert.x event loop (or one of the engine's), not on the
     * thread that completed it (a store lookup's, a cluster member's).
     */
    public <T> CompletableFuture<T> onEventLoop(CompletableFuture<T> answer) {
        return OnEventLoop.resume(vertx, answer);
    }

    /** Exact and semantic answers kept for requests that ask for them (see {@link io.llmrouter.cache.CachePolicy}). */
    public ResponseCache responseCache() {
        return cache;
    }

    /** The catalog served now. */
    public Catalog catalog() {
        return catalog.get();
    }

    /** The catalog served now and the versions that replace it (a reload). */
    public LiveCatalog liveCatalog() {
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

    /**
     * The decision for a chat request without calling any model. Blocks while a strategy prepares (the learned one
     * embeds the prompt): on an event loop use {@link #explain}.
     */
    public Ranking decide(ChatRequest request, RouteOptions options) {
        try {
            return pipeline.decide(new ChatOperation(request), options).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * The dry run behind {@code POST /v1/route}: the ranking with score components and exclusions with reasons. A
     * request refused at once (unknown strategy or model) throws.
     */
    public CompletableFuture<Map<String, Object>> explain(ChatRequest request, RouteOptions options) {
        return pipeline.decide(new ChatOperation(request), options).thenApply(Ranking::explain);
    }

    /**
     * The router's own estimate of a request's prompt tokens (the one it ranks with): counted with the named model's
     * tokenizer when the catalog knows the model, else at four characters a token. No model is called.
     */
    public int countPromptTokens(ChatRequest request) {
        RequestProfile profile = RequestProfile.of(request, Preferences.NONE);
        return catalog.get().resolve(request.model).map(profile::promptTokens)
                .orElseGet(profile::approximatePromptTokens);
    }

    /** The catalog's enabled models as OpenAI's model list, with the router's extra facts per model. */
    public Map<String, Object> models() {
        return ModelList.of(catalog.get());
    }

    /** One model of {@link #models()} by any name callers may use, a wildcard's included; empty when unknown. */
    public java.util.Optional<Map<String, Object>> model(String name) {
        return ModelList.one(catalog.get(), name);
    }

    public CompletableFuture<Routed<ChatResponse>> chat(ChatRequest request, RouteOptions options) {
        return pipeline.run(new ChatOperation(request), options);
    }

    /**
     * Starts a streamed completion. The future completes when the first chunk has arrived from some candidate: until
     * then a failure moves on to the next one; after it, failures reach the stream as errors.
     */
    public CompletableFuture<Routed<ChatStream>> stream(ChatRequest request, RouteOptions options) {
        return pipeline.run(new StreamOperation(request, options, accounting, listeners), options);
    }

    public CompletableFuture<Routed<EmbeddingResponse>> embed(EmbeddingRequest request, RouteOptions options) {
        return pipeline.run(new EmbedOperation(request), options);
    }

    /** Collects an engine's parts; {@link #build()} checks them. */
    public static final class Builder {
        private Catalog catalog;
        private LiveCatalog liveCatalog;
        private RouterState state;
        private Vertx vertx;
        private Clock clock;
        private Function<String, Strategy> userStrategies = name -> null;
        private BreakerSettings breakers = BreakerSettings.DEFAULT;
        private Random random;
        private int maxConnectionsPerHost = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectingPerHost = UpstreamHttp.DEFAULT_MAX_CONNECTING;
        private final List<RequestListener> listeners = new ArrayList<>();
        private CacheStore cacheStore;
        private int cacheMaxEntries = DEFAULT_CACHE_ENTRIES;
        private Supplier<Embedder> embedder = MiniLmEmbedder::new;

        private Builder() {
        }

        /** The models and providers to route over (required). */
        /** A catalog that can be reloaded while the engine runs; takes precedence over {@link #catalog}. */
        public Builder liveCatalog(LiveCatalog liveCatalog) {
            this.liveCatalog = liveCatalog;
            this.catalog = liveCatalog.get();
            return this;
        }

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

        /**
         * Strategies beyond the built-in ones, found by name when a request names one (e.g. beans of a registry
         * bound after the engine was built); null when there is none of that name.
         */
        public Builder userStrategies(Function<String, Strategy> byName) {
            this.userStrategies = byName;
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

        /**
         * Where the response cache keeps answers (a {@link io.llmrouter.cache.HazelcastCacheStore} shares them with a
         * cluster); in this process, at most {@link #cacheMaxEntries} of them, unless given.
         */
        public Builder cacheStore(CacheStore store) {
            this.cacheStore = store;
            return this;
        }

        /** The in-process response cache's bound; least recently used answers go first. */
        public Builder cacheMaxEntries(int max) {
            this.cacheMaxEntries = max;
            return this;
        }

        /** What embeds prompts for semantic lookups, made on the first one; all-MiniLM-L6-v2 unless given. */
        public Builder cacheEmbedder(Supplier<Embedder> factory) {
            this.embedder = factory;
            return this;
        }

        /** Hears every request's decision and ending (metrics, access logs); called in the order added. */
        public Builder listener(RequestListener listener) {
            listeners.add(listener);
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
