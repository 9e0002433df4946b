package io.llmrouter.camel;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.catalog.LiveCatalog;
import io.llmrouter.cache.CacheStore;
import io.llmrouter.engine.LlmEngine;
import io.llmrouter.engine.RequestListener;
import io.llmrouter.governance.Governance;
import io.llmrouter.resilience.BreakerSettings;
import io.llmrouter.responses.InMemoryResponseStore;
import io.llmrouter.responses.ResponseStore;
import io.llmrouter.scoring.Strategy;
import io.llmrouter.state.RouterState;
import io.vertx.core.Vertx;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code llm:} component (also registered as {@code llm-router}): holds the router engine (catalog, state, the
 * shared HTTP client) that all its endpoints use.
 */
@Component("llm,llm-router")
public class LlmComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(LlmComponent.class);
    static final Set<String> OPERATIONS = Set.of("chat", "embeddings", "models", "route", "messages",
            "count-tokens", "responses", "completions");

    @Metadata(description = "Endpoint options every llm: endpoint starts from; its URI options override them")
    private LlmConfiguration configuration = new LlmConfiguration();
    @Metadata(description = "Catalog file to load, or classpath:PATH", defaultValue = "classpath:" + CatalogLoader.DEFAULT_RESOURCE)
    private String catalogFile = "classpath:" + CatalogLoader.DEFAULT_RESOURCE;
    @Metadata(label = "advanced", autowired = true, description = "A catalog already loaded; takes precedence over catalogFile")
    private Catalog catalog;
    @Metadata(label = "advanced", autowired = true, description = "Where live statistics and spend are kept; in memory by default")
    private RouterState routerState;
    @Metadata(label = "security", autowired = true, description = "Virtual keys, budgets and the spend ledger; without "
              + "it nobody is asked for a key and spend is kept in memory only")
    private Governance governance;
    @Metadata(label = "advanced", autowired = true, description = "Where llm:responses keeps stored responses "
              + "(previous_response_id); in memory for 24 hours by default")
    private ResponseStore responseStore;
    @Metadata(label = "advanced", autowired = true, description = "The Vert.x instance whose event loops run upstream calls")
    private Vertx vertx;
    @Metadata(label = "advanced", defaultValue = "1024", description = "Pooled connections per upstream host and "
              + "event loop (each event loop keeps its own, so a call never leaves the loop it came in on)")
    private int maxConnectionsPerHost = LlmEngine.DEFAULT_MAX_CONNECTIONS;
    @Metadata(label = "advanced", defaultValue = "16", description = "Requests per upstream host that may wait for a "
              + "new connection at once; the rest queue and usually reuse a connection that comes free, so a burst "
              + "never opens hundreds of connections at the same moment")
    private int maxConnectingPerHost = LlmEngine.DEFAULT_MAX_CONNECTING;
    @Metadata(label = "cache", autowired = true, description = "Where the response cache keeps answers (a "
              + "HazelcastCacheStore shares them with a cluster); in this process by default")
    private CacheStore cacheStore;
    @Metadata(label = "cache", defaultValue = "10000", description = "Answers the in-process response cache keeps at "
              + "most; the least recently used go first")
    private int cacheMaxEntries = LlmEngine.DEFAULT_CACHE_ENTRIES;
    @Metadata(label = "resilience", defaultValue = "50", description = "Circuit breaker: open a deployment's circuit "
              + "when this percentage of its recent calls failed")
    private float circuitFailureRate = 50;
    @Metadata(label = "resilience", defaultValue = "20", description = "Circuit breaker: calls in the sliding window")
    private int circuitWindow = 20;
    @Metadata(label = "resilience", defaultValue = "10", description = "Circuit breaker: calls needed before judging")
    private int circuitMinimumCalls = 10;
    @Metadata(label = "resilience", defaultValue = "10000", description = "Circuit breaker: milliseconds an open "
              + "circuit keeps traffic away before probing")
    private long circuitOpenMillis = 10_000;
    @Metadata(label = "resilience", defaultValue = "1", description = "Circuit breaker: probe calls let through at once "
              + "when half open; one, so a provider that is down sees a single request per open period")
    private int circuitHalfOpenCalls = 1;
    @Metadata(label = "resilience", defaultValue = "60000", description = "Circuit breaker: a call slower than this "
              + "many milliseconds counts as slow; all slow opens the circuit")
    private long circuitSlowCallMillis = 60_000;
    @Metadata(label = "resilience", defaultValue = "20000", description = "After a circuit closes, milliseconds over "
              + "which the deployment's traffic ramps back up")
    private long slowStartMillis = 20_000;

    private LlmEngine engine;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!OPERATIONS.contains(remaining)) {
            throw new IllegalArgumentException("Unknown llm: operation '" + remaining + "' in " + uri
                                               + ": use llm:chat, llm:embeddings, llm:models or llm:route "
                                               + "(or llm:messages and llm:count-tokens for Anthropic's API, llm:responses and "
                                               + "llm:completions for OpenAI's Responses and legacy completions)");
        }
        LlmConfiguration conf = configuration.copy();
        LlmEndpoint endpoint = new LlmEndpoint(uri, this, remaining, conf);
        setProperties(endpoint, parameters);
        conf.validate();
        return endpoint;
    }

    /**
     * Builds the engine. Camel starts a component with the context, after the context's services: beans bound until
     * then (the gateway's Vert.x and cluster state, a catalog) are picked up even when not set on the component.
     */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // a gateway that reloads its catalog binds it live (the catalog it starts with is autowired too)
        LiveCatalog live = lookup(LiveCatalog.class);
        if (live != null && catalog != null && catalog != live.get()) {
            live = null; // a catalog set on the component itself wins
        }
        Catalog cat = live != null ? live.get() : catalog != null ? catalog : lookup(Catalog.class);
        if (cat == null) {
            cat = CatalogLoader.fromEnvironment().load(catalogFile);
        }
        BreakerSettings breakers = new BreakerSettings(circuitFailureRate, 100,
                Duration.ofMillis(circuitSlowCallMillis), circuitWindow, circuitMinimumCalls,
                Duration.ofMillis(circuitOpenMillis), circuitHalfOpenCalls, Duration.ofMillis(slowStartMillis));
        if (governance == null) {
            governance = lookup(Governance.class);
        }
        if (responseStore == null) {
            ResponseStore bound = lookup(ResponseStore.class);
            responseStore = bound != null ? bound : new InMemoryResponseStore(ResponseStore.DEFAULT_TTL);
        }
        LlmEngine.Builder builder = (live != null ? LlmEngine.builder().liveCatalog(live) : LlmEngine.builder().catalog(cat))
                .state(routerState != null ? routerState : lookup(RouterState.class))
                .vertx(vertx != null ? vertx : lookup(Vertx.class))
                .connections(maxConnectionsPerHost, maxConnectingPerHost)
                .cacheStore(cacheStore != null ? cacheStore : lookup(CacheStore.class)).cacheMaxEntries(cacheMaxEntries)
                .userStrategies(name -> getCamelContext().getRegistry().lookupByNameAndType(name, Strategy.class))
                .breakers(breakers);
        // metrics, traces and access logs bound as beans hear every request of this component's endpoints
        getCamelContext().getRegistry().findByType(RequestListener.class).forEach(builder::listener);
        engine = builder.build();
        LOG.debug("llm engine started with catalog {}", cat.source());
    }

    private <T> T lookup(Class<T> type) {
        return getCamelContext().getRegistry().findSingleByType(type);
    }

    @Override
    protected void doStop() throws Exception {
        if (engine != null) {
            engine.close();
            engine = null;
        }
        super.doStop();
    }

    /** The engine all endpoints of this component share, from its start to its stop. */
    public LlmEngine getEngine() {
        if (engine == null) {
            throw new IllegalStateException("The llm component is not started: start its CamelContext first");
        }
        return engine;
    }

    public LlmConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(LlmConfiguration configuration) {
        this.configuration = configuration;
    }

    public String getCatalogFile() {
        return catalogFile;
    }

    public void setCatalogFile(String catalogFile) {
        this.catalogFile = catalogFile;
    }

    public Catalog getCatalog() {
        return catalog;
    }

    public void setCatalog(Catalog catalog) {
        this.catalog = catalog;
    }

    public Governance getGovernance() {
        return governance;
    }

    public void setGovernance(Governance governance) {
        this.governance = governance;
    }

    public ResponseStore getResponseStore() {
        return responseStore;
    }

    public void setResponseStore(ResponseStore responseStore) {
        this.responseStore = responseStore;
    }

    /** The store of llm:responses, once the component has started. */
    ResponseStore responseStore() {
        if (responseStore == null) {
            throw new IllegalStateException("The llm component is not started: start its CamelContext first");
        }
        return responseStore;
    }

    public RouterState getRouterState() {
        return routerState;
    }

    public void setRouterState(RouterState routerState) {
        this.routerState = routerState;
    }

    public Vertx getVertx() {
        return vertx;
    }

    public void setVertx(Vertx vertx) {
        this.vertx = vertx;
    }

    public float getCircuitFailureRate() {
        return circuitFailureRate;
    }

    public void setCircuitFailureRate(float circuitFailureRate) {
        this.circuitFailureRate = circuitFailureRate;
    }

    public int getCircuitWindow() {
        return circuitWindow;
    }

    public void setCircuitWindow(int circuitWindow) {
        this.circuitWindow = circuitWindow;
    }

    public int getCircuitMinimumCalls() {
        return circuitMinimumCalls;
    }

    public void setCircuitMinimumCalls(int circuitMinimumCalls) {
        this.circuitMinimumCalls = circuitMinimumCalls;
    }

    public long getCircuitOpenMillis() {
        return circuitOpenMillis;
    }

    public void setCircuitOpenMillis(long circuitOpenMillis) {
        this.circuitOpenMillis = circuitOpenMillis;
    }

    public int getCircuitHalfOpenCalls() {
        return circuitHalfOpenCalls;
    }

    public void setCircuitHalfOpenCalls(int circuitHalfOpenCalls) {
        this.circuitHalfOpenCalls = circuitHalfOpenCalls;
    }

    public long getCircuitSlowCallMillis() {
        return circuitSlowCallMillis;
    }

    public void setCircuitSlowCallMillis(long circuitSlowCallMillis) {
        this.circuitSlowCallMillis = circuitSlowCallMillis;
    }

    public long getSlowStartMillis() {
        return slowStartMillis;
    }

    public void setSlowStartMillis(long slowStartMillis) {
        this.slowStartMillis = slowStartMillis;
    }

    public int getMaxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    public void setMaxConnectionsPerHost(int maxConnectionsPerHost) {
        this.maxConnectionsPerHost = maxConnectionsPerHost;
    }

    public int getMaxConnectingPerHost() {
        return maxConnectingPerHost;
    }

    public void setMaxConnectingPerHost(int maxConnectingPerHost) {
        this.maxConnectingPerHost = maxConnectingPerHost;
    }

    public CacheStore getCacheStore() {
        return cacheStore;
    }

    public void setCacheStore(CacheStore cacheStore) {
        this.cacheStore = cacheStore;
    }

    public int getCacheMaxEntries() {
        return cacheMaxEntries;
    }

    public void setCacheMaxEntries(int cacheMaxEntries) {
        this.cacheMaxEntries = cacheMaxEntries;
    }
}
