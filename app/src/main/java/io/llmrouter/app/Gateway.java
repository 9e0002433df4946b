package io.llmrouter.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.llmrouter.app.dashboard.Dashboard;
import io.llmrouter.cache.HazelcastCacheStore;
import io.llmrouter.camel.LlmComponent;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.CatalogException;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.catalog.LiveCatalog;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Provider;
import io.llmrouter.responses.InMemoryResponseStore;
import io.llmrouter.responses.ResponseStore;
import io.llmrouter.engine.LlmEngine;
import io.llmrouter.state.InMemoryRouterState;
import io.llmrouter.state.RouterState;
import io.llmrouter.state.hazelcast.ClusterSettings;
import io.llmrouter.state.hazelcast.HazelcastCluster;
import io.llmrouter.state.hazelcast.HazelcastResponseStore;
import io.llmrouter.state.hazelcast.HazelcastRouterState;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.llmrouter.governance.AuthMode;
import io.llmrouter.governance.Governance;
import io.llmrouter.governance.GovernanceStore;
import io.llmrouter.governance.JdbcGovernanceStore;
import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway people run: Camel Main with the {@code llm:} component, the YAML routes of {@code routes/}, the
 * platform-http server and the {@link FrontDoor} on it.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    static final String RESPONSES_TTL = "llmrouter.responses.ttl";

    private final GatewayOptions options;
    /** The catalog at start; {@link #liveCatalog} holds the one served now. */
    private final Catalog catalog;
    private final String catalogText;
    private final LiveCatalog liveCatalog;
    private CatalogReload catalogReload;
    /** Null unless a GeoIP database is configured. */
    private final GeoIpRegions geoIp;
    private final Main main = new Main();
    private final Map<String, String> properties;
    private final ClusterSettings cluster;
    private final SecuritySettings security;
    private final boolean metricsOn;
    private GatewayMetrics metrics;
    private final Function<String, String> env;
    private final boolean accessLog;
    private Tracing tracing;
    private GovernanceStore store;
    private Governance governance;
    private HazelcastInstance hazelcast;
    private HazelcastRouterState clusterState;
    private Vertx vertx;

    public Gateway(GatewayOptions options) {
        this(options, System::getenv);
    }

    /** @param env where provider keys and base URLs named in the catalog are looked up */
    public Gateway(GatewayOptions options, Function<String, String> env) {
        this(options, env, Map.of());
    }

    /**
     * @param properties Camel Main properties set before start, e.g. {@code camel.component.llm.circuit-open-millis}
     *                   (the same keys work in application.properties or as CAMEL_COMPONENT_LLM_... variables)
     */
    public Gateway(GatewayOptions options, Function<String, String> env, Map<String, String> properties) {
        this.options = options;
        this.env = env;
        this.properties = Map.copyOf(properties);
        // from the Main properties, then system properties, then LLMROUTER_CLUSTER_... variables; bad values fail here
        this.cluster = ClusterSettings.from(this::setting);
        this.security = SecuritySettings.from(this::setting);
        this.metricsOn = metricsOn(this::setting);
        this.accessLog = AccessLog.enabled(setting(AccessLog.PROPERTY));
        String location = options.config() != null ? options.config() : "classpath:" + CatalogLoader.DEFAULT_RESOURCE;
        this.catalogText = new String(CatalogLoader.read(location), java.nio.charset.StandardCharsets.UTF_8);
        this.catalog = new CatalogLoader(env).parse(location, catalogText.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        this.liveCatalog = new LiveCatalog(catalog, catalogText);
        String geoDb = setting(GeoIpRegions.DB_SETTING);
        this.geoIp = geoDb == null || geoDb.isBlank() ? null : new GeoIpRegions(java.nio.file.Path.of(geoDb.trim()),
                setting(GeoIpRegions.PROXIES_SETTING), () -> liveCatalog.get().regions());
    }

    public static void main(String[] args) {
        if (LearnedCommands.handles(args)) {
            try {
                System.exit(LearnedCommands.run(args, System.out));
            } catch (IllegalArgumentException | java.io.IOException e) {
                System.err.println("llmrouter: " + e.getMessage());
                System.exit(2);
            }
            return;
        }
        Gateway gateway;
        try {
            gateway = new Gateway(GatewayOptions.parse(args, System.getenv()));
        } catch (IllegalArgumentException | CatalogException e) {
            System.err.println("llmrouter: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            gateway.run();
        } catch (Exception e) {
            LOG.error("The gateway stopped", e);
            System.exit(1);
        }
    }

    /** Starts and blocks until the JVM is asked to stop. */
    public void run() throws Exception {
        configure();
        main.run();
    }

    /** Starts without blocking (for tests and embedding); {@link #close()} stops. */
    public Gateway start() throws Exception {
        configure();
        main.start();
        return this;
    }

    public int port() {
        return camelContext().hasService(FrontDoor.class).port();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    /** The catalog served now. */
    public Catalog catalog() {
        return liveCatalog.get();
    }

    /** Keys, teams, budgets and the spend ledger of this gateway (after {@link #start()}). */
    public Governance governance() {
        return governance;
    }

    /** {@code llmrouter.metrics} ({@code LLMROUTER_METRICS}): true unless set to false. */
    private static boolean metricsOn(Function<String, String> lookup) {
        String v = lookup.apply("llmrouter.metrics");
        if (v == null || v.isBlank() || v.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (v.trim().equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("llmrouter.metrics (LLMROUTER_METRICS) must be true or false, not '" + v
                + "'");
    }

    /** {@code llmrouter.config-reload-seconds} ({@code LLMROUTER_CONFIG_RELOAD_SECONDS}): how often the catalog file is
     * checked for changes; 5 by default, 0 for never. */
    private long reloadMillis() {
        String v = setting("llmrouter.config-reload-seconds");
        if (v == null || v.isBlank()) {
            return 5_000;
        }
        try {
            double seconds = Double.parseDouble(v.trim());
            if (seconds >= 0 && seconds <= 86_400) {
                return (long) (seconds * 1000);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("llmrouter.config-reload-seconds (LLMROUTER_CONFIG_RELOAD_SECONDS) must be"
                + " a number of seconds from 0 to 86400, not '" + v + "'");
    }

    @Override
    public void close() throws Exception {
        if (catalogReload != null) {
            catalogReload.stop();
        }
        main.stop();
        if (metrics != null) {
            metrics.close();
        }
        if (tracing != null) {
            tracing.close(); // exports the spans still queued
        }
        if (vertx != null) {
            vertx.close();
        }
        if (geoIp != null) {
            geoIp.close();
        }
        if (governance != null) {
            governance.close();
            store.close();
        }
        if (clusterState != null) {
            clusterState.close();
            hazelcast.shutdown();
        }
    }

    private void configure() {
        main.addInitialProperty("camel.main.name", "llmrouter");
        // the jar's routes by name: a classpath wildcard has Camel read the whole jar through (10 s of a start)
        main.addInitialProperty("camel.main.routes-include-pattern", options.routesDir() != null
                ? "file:" + options.routesDir() + "/*.yaml" : "classpath:routes/gateway.yaml,classpath:routes/admin.yaml");
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.host", security.host());
        main.addInitialProperty("camel.server.port", Integer.toString(options.port()));
        // the router's own region for geo steering (in Kubernetes, from the node's topology label via the downward API)
        String region = setting("llmrouter.region");
        if (region != null && !region.isBlank()) {
            main.addInitialProperty("camel.component.llm.configuration.region", region.trim());
        }
        properties.forEach(main::addInitialProperty);
        // One Vert.x, bound before Camel starts, for the HTTP server (which takes it from the registry) and the llm
        // component's upstream calls (built when the component starts, before the front door): a request stays on
        // the event loop that read it instead of crossing to a second Vert.x instance and back.
        vertx = Vertx.vertx();
        main.bind("llmrouterVertx", vertx);
        main.bind("llmrouterCatalog", catalog);
        main.bind("llmrouterLiveCatalog", liveCatalog);
        RouterState state = new InMemoryRouterState();
        if (cluster.enabled()) {
            hazelcast = HazelcastCluster.start(cluster);
            clusterState = new HazelcastRouterState(hazelcast, cluster.spendDurability());
            state = clusterState;
            LOG.info("cluster {} ({}, spend durability {}): members {}", cluster.name(),
                    cluster.mode().name().toLowerCase(), cluster.spendDurability().name().toLowerCase(),
                    hazelcast.getCluster().getMembers());
        }
        main.bind("llmrouterState", state);
        catalogReload = new CatalogReload(liveCatalog, catalogText, new CatalogLoader(env),
                options.config() != null ? java.nio.file.Path.of(options.config()) : null, reloadMillis(), vertx,
                hazelcast);
        main.bind("llmrouterCatalogReload", catalogReload); // FrontDoor starts it with the admin routes
        if (geoIp != null) {
            main.bind("llmrouterGeoIp", geoIp); // FrontDoor asks it for callers without an x-llmrouter-region
            if (reloadMillis() > 0) {
                vertx.setPeriodic(reloadMillis(), id -> vertx.executeBlocking(() -> {
                    geoIp.poll();
                    return null;
                }, false));
            }
            if (!catalog.regions().located()) {
                LOG.warn("{} is set but the catalog's regions: map no countries or continents: no caller is located",
                        GeoIpRegions.DB_SETTING);
            }
        }
        Duration ttl = responsesTtl(setting(RESPONSES_TTL));
        main.bind("llmrouterResponseStore", hazelcast != null ? new HazelcastResponseStore(hazelcast, ttl)
                : new InMemoryResponseStore(ttl));
        if (hazelcast != null) {
            // kept answers shared by the cluster; each node indexes their prompts for semantic lookups
            main.bind("llmrouterCacheStore", new HazelcastCacheStore(hazelcast, cacheMaxEntries()));
        }
        store = security.dbUrl() != null
                ? JdbcGovernanceStore.open(security.dbUrl(), security.dbUser(), security.dbPassword())
                : JdbcGovernanceStore.embedded(security.dataDir());
        AuthMode mode = security.authMode(Governance.anyKey(store));
        governance = new Governance(store, state, java.time.Clock.systemUTC(), mode, security.durability());
        if (hazelcast != null) {
            shareKeyChanges(hazelcast, governance);
            if (security.dbUrl() == null) {
                LOG.warn("cluster with the embedded database: each node keeps its own keys and spend ledger (budgets "
                         + "are still counted cluster-wide). Set LLMROUTER_DB_URL to one PostgreSQL database for all.");
            }
        }
        main.bind("llmrouterGovernance", governance);
        ClusterView clusterView = new ClusterView(liveCatalog::get, state);
        main.bind("llmrouterClusterView", clusterView);
        if (metricsOn) {
            // off, none of these exist: nothing is measured or kept per request
            metrics = new GatewayMetrics(liveCatalog, state, governance);
            main.bind(GatewayMetrics.REGISTRY_BEAN, metrics.registry());
            main.bind("llmrouterRequestMetrics", metrics.requests());
            main.bind("llmrouterAttemptMetrics", metrics.attempts());
            main.bind("llmrouterMetricsEndpoint", metrics.endpoint());
        }
        // hears the engine's attempts and the front door's requests; FrontDoor mounts it at /ui and /admin/dashboard
        main.bind("llmrouterDashboard", new Dashboard(clusterView, state, governance));
        AccessLog accessLogWriter = accessLog ? AccessLog.of(security.masterKey(), liveCatalog) : null;
        if (accessLogWriter != null) {
            main.bind("llmrouterAccessLog", accessLogWriter);
        }
        tracing = Tracing.fromEnvironment(env); // null unless an OTLP endpoint is set: then no SDK at all
        if (tracing != null) {
            main.bind("llmrouterTracing", tracing);
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                try {
                    FrontDoor frontDoor = new FrontDoor(m.getCamelContext(), options, governance, security);
                    m.getCamelContext().addService(frontDoor);
                    if (options.routesDir() != null && reloadMillis() > 0) {
                        // Camel's route reload, checked first: a changed route file replaces its routes (requests
                        // wait for a direct: route being replaced: direct's block option), an invalid one is refused
                        m.getCamelContext().addService(new RoutesReload(java.nio.file.Path.of(options.routesDir())));
                    }
                    if (accessLogWriter != null) {
                        m.getCamelContext().addService(accessLogWriter); // writes what is queued when Camel stops
                    }
                    if (metrics != null) {
                        metrics.frontDoor(frontDoor::inFlight);
                        CamelContext context = m.getCamelContext();
                        metrics.responseCache(() -> context.getComponent("llm", LlmComponent.class).getEngine()
                                .responseCache());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot mount the front door", e);
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                logSummary();
            }
        });
    }

    /**
     * How long stored responses are kept: {@code llmrouter.responses.ttl} ({@code LLMROUTER_RESPONSES_TTL}) as
     * {@code 30m}, {@code 24h}, {@code 7d} or ISO-8601 ({@code PT24H}); 24 hours unless set.
     */
    static Duration responsesTtl(String value) {
        if (value == null || value.isBlank()) {
            return ResponseStore.DEFAULT_TTL;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            Duration d = v.startsWith("p") ? Duration.parse(v.toUpperCase(java.util.Locale.ROOT)) : switch (v.charAt(
                    v.length() - 1)) {
                case 's' -> Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
                case 'm' -> Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                case 'h' -> Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
                case 'd' -> Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
                default -> throw new IllegalArgumentException();
            };
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(RESPONSES_TTL + " (LLMROUTER_RESPONSES_TTL) must be a positive "
                    + "duration such as 30m, 24h, 7d or PT24H, not '" + value + "'");
        }
    }

    /**
     * The component's {@code cacheMaxEntries}, which also bounds the cluster's map of kept answers per member: the
     * component only sizes the in-process store.
     */
    private int cacheMaxEntries() {
        String key = "camel.component.llm.cache-max-entries";
        String v = setting(key);
        v = v != null ? v : setting("camel.component.llm.cacheMaxEntries");
        if (v == null || v.isBlank()) {
            return LlmEngine.DEFAULT_CACHE_ENTRIES;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a positive whole number, not '" + v + "'");
        }
    }

    /** A setting from the Main properties, else a system property, else its LLMROUTER_... variable. */
    private String setting(String key) {
        String v = properties.get(key);
        v = v != null ? v : System.getProperty(key);
        return v != null ? v : env.apply(ClusterSettings.environmentName(key));
    }

    /** A key made, rotated or revoked on one node is seen by the others at once, not at their next reload. */
    private static void shareKeyChanges(HazelcastInstance hz, Governance governance) {
        ITopic<String> topic = hz.getTopic("llmrouter.governance");
        String me = hz.getLocalEndpoint().getUuid().toString();
        topic.addMessageListener(m -> {
            if (!me.equals(m.getMessageObject())) {
                governance.reloadLater();
            }
        });
        governance.onChange(() -> topic.publishAsync(me));
    }

    private void logSummary() {
        LOG.info("camel-llmrouter listening on http://{}:{} (POST /v1/chat/completions, POST /v1/embeddings, "
                 + "POST /v1/messages, POST /v1/responses, POST /v1/completions, "
                 + "GET /v1/models, GET /v1/models/{id}, GET /health, GET /ready{}); dashboard at http://{}:{}/ui/", security.host(), port(),
                metrics != null ? ", GET /metrics" : "", security.host(), port());
        LOG.info("spend ledger: {} (spend durability {})", security.dbUrl() != null ? "JDBC database"
                : "embedded database in " + security.dataDir().toAbsolutePath(),
                security.durability().name().toLowerCase());
        if (governance.mode() == AuthMode.KEYS) {
            LOG.info("auth: virtual keys required on /v1/*; admin API {}", security.masterKey() != null
                    ? "behind the master key" : "off (no LLMROUTER_MASTER_KEY)");
        } else if (security.loopbackOnly()) {
            LOG.info("auth: none (no master key and no virtual key): callers on this machine need no key; set "
                     + "LLMROUTER_MASTER_KEY to issue keys");
        } else {
            LOG.warn("auth: NONE while listening on {}: anyone who reaches this port can spend the provider keys. "
                     + "Set LLMROUTER_MASTER_KEY and issue virtual keys, or listen on loopback only.",
                    security.host());
        }
        LOG.info("catalog: {}", catalog.source());
        List<String> realEnabled = new ArrayList<>();
        for (Provider p : catalog.providers()) {
            if (!p.enabled()) {
                LOG.info("provider {} ({}) disabled: {}", p.id(), p.type().wireName(), p.disabledReason());
                continue;
            }
            String models = catalog.deployments().stream().filter(d -> d.provider() == p).map(Deployment::id)
                    .collect(Collectors.joining(", "));
            String wildcard = catalog.wildcards().values().stream().anyMatch(d -> d.provider() == p)
                    ? (models.isEmpty() ? "" : ", ") + p.id() + "/*" : "";
            LOG.info("provider {} ({}) enabled: {}{}", p.id(), p.type().wireName(), models, wildcard);
            if (!p.type().simulated()) {
                realEnabled.add(p.id());
            }
        }
        if (realEnabled.isEmpty()) {
            LOG.warn("SIMULATED ANSWERS: no provider API key is set, so every answer comes from the built-in simulator "
                     + "(models sim-*), not from a real model. Set e.g. OPENAI_API_KEY to route to real providers.");
        }
    }
}
