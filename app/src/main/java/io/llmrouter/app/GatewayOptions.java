package io.llmrouter.app;

import java.util.Map;

/**
 * The gateway's command line and environment: {@code --port N} ({@code LLMROUTER_PORT}), {@code --config FILE}
 * ({@code LLMROUTER_CONFIG}), {@code --routes DIR} ({@code LLMROUTER_ROUTES}). Flags win over the environment.
 *
 * @param config                  the catalog file, or null for the default catalog in the jar
 * @param routesDir               a directory of YAML routes to load instead of the ones in the jar, or null
 * @param bodyLimit               the largest request body accepted, in bytes
 * @param headerReadTimeoutMillis how long a new connection may take to send its first request's headers before it is
 *                                closed ({@code LLMROUTER_HEADER_READ_TIMEOUT}, seconds); 0 waits forever
 * @param idleTimeoutMillis       how long a kept-alive connection may wait, with no request in flight, for its next
 *                                request's headers ({@code LLMROUTER_IDLE_TIMEOUT}, seconds); 0 waits forever. A
 *                                request in flight (a silent LLM call included) is never cut.
 * @param maxInFlight             requests the front door holds at once ({@code LLMROUTER_MAX_IN_FLIGHT}); one more is
 *                                answered 429 with Retry-After
 * @param eventLoops              event loops that accept and serve connections ({@code LLMROUTER_EVENT_LOOPS}; one
 *                                per core unless set): connections are shared out among them
 * @param bodyReadTimeoutMillis   how long a request's body may take to arrive once its headers have
 *                                ({@code LLMROUTER_BODY_READ_TIMEOUT}, seconds); then it is answered 408 and its
 *                                connection closed. 0 waits forever
 */
public record GatewayOptions(int port, String config, String routesDir, long bodyLimit, long headerReadTimeoutMillis,
                             long idleTimeoutMillis, int maxInFlight, int eventLoops, long bodyReadTimeoutMillis) {

    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_BODY_LIMIT = 10L * 1024 * 1024;
    public static final long DEFAULT_HEADER_READ_TIMEOUT_MILLIS = 10_000;
    /**
     * nginx's keep-alive default: longer than the pools of common clients (Vert.x 60 s, httpx 5 s, Node 5 s), so they
     * drop an idle connection before the gateway does instead of racing a request against its close.
     */
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 75_000;
    /** LLM calls are long and cheap to hold (a socket, no thread); ten thousand is far past a provider's own limits. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;
    public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();
    /** Room for the body limit over a slow link, short of holding a connection and an in-flight slot forever. */
    public static final long DEFAULT_BODY_READ_TIMEOUT_MILLIS = 60_000;
    public static final String USAGE = """
            usage: java -jar llmrouter.jar [--port N] [--config FILE] [--routes DIR]
              --port N        port to listen on (env LLMROUTER_PORT, default 8080)
              --config FILE   model catalog YAML (env LLMROUTER_CONFIG, default: the catalog in the jar)
              --routes DIR    directory of YAML DSL routes to load instead of the defaults (env LLMROUTER_ROUTES)
            environment: LLMROUTER_BODY_LIMIT (bytes, default 10485760), LLMROUTER_HEADER_READ_TIMEOUT (seconds,
              default 10), LLMROUTER_IDLE_TIMEOUT (seconds, default 75), LLMROUTER_MAX_IN_FLIGHT (requests held at
              once, default 10000; one more is answered 429), LLMROUTER_EVENT_LOOPS (event loops serving connections,
              default one per core), LLMROUTER_BODY_READ_TIMEOUT (seconds, default 60), LLMROUTER_METRICS (true
              or false, default true: Prometheus metrics at GET /metrics), provider keys as named in the catalog
            keys, teams and spend (env, or Camel Main properties llmrouter.host, llmrouter.master-key, ...):
              LLMROUTER_HOST              address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
              LLMROUTER_AUTH              keys | none (default keys once a master key or a virtual key exists)
              LLMROUTER_MASTER_KEY        guards /admin/* and /metrics (never a virtual key)
              LLMROUTER_DATA_DIR          directory of the embedded H2 database (default ./data)
              LLMROUTER_DB_URL            JDBC URL instead, e.g. PostgreSQL (a cluster must share one database)
              LLMROUTER_DB_USER           the database user
              LLMROUTER_DB_PASSWORD       the database password
              LLMROUTER_SPEND_DURABILITY  sync (default: an answer waits for its spend row) | async
              LLMROUTER_CORS_ORIGINS      web origins whose pages may call /v1/* (comma list, or *; default: none)
            access log and traces (env):
              LLMROUTER_ACCESS_LOG        true (default: one JSON line per /v1 request on stdout) | false
              OTEL_EXPORTER_OTLP_ENDPOINT send traces over OTLP http/protobuf to this collector, e.g.
                                          http://collector:4318 (unset: no tracing at all); with the other OTEL_*
                                          variables: OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS,
                                          OTEL_TRACES_SAMPLER, OTEL_RESOURCE_ATTRIBUTES, ...""";

    /** The default connection timeouts and in-flight limit. */
    public GatewayOptions(int port, String config, String routesDir, long bodyLimit) {
        this(port, config, routesDir, bodyLimit, DEFAULT_MAX_IN_FLIGHT);
    }

    /** The default connection timeouts. */
    public GatewayOptions(int port, String config, String routesDir, long bodyLimit, int maxInFlight) {
        this(port, config, routesDir, bodyLimit, DEFAULT_HEADER_READ_TIMEOUT_MILLIS, DEFAULT_IDLE_TIMEOUT_MILLIS,
                maxInFlight);
    }

    /** One event loop per core. */
    public GatewayOptions(int port, String config, String routesDir, long bodyLimit, long headerReadTimeoutMillis,
                          long idleTimeoutMillis, int maxInFlight) {
        this(port, config, routesDir, bodyLimit, headerReadTimeoutMillis, idleTimeoutMillis, maxInFlight,
                DEFAULT_EVENT_LOOPS, DEFAULT_BODY_READ_TIMEOUT_MILLIS);
    }

    public GatewayOptions {
        if (headerReadTimeoutMillis < 0 || idleTimeoutMillis < 0 || bodyReadTimeoutMillis < 0) {
            throw new IllegalArgumentException("timeouts must not be negative, were " + headerReadTimeoutMillis
                    + ", " + idleTimeoutMillis + " and " + bodyReadTimeoutMillis + " ms");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be at least 1, was " + eventLoops);
        }
    }

    public static GatewayOptions parse(String[] args, Map<String, String> env) {
        String port = env.get("LLMROUTER_PORT");
        String config = env.get("LLMROUTER_CONFIG");
        String routes = env.get("LLMROUTER_ROUTES");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> port = value(args, ++i, a);
                case "--config" -> config = value(args, ++i, a);
                case "--routes" -> routes = value(args, ++i, a);
                default -> {
                    if (a.startsWith("--port=")) {
                        port = a.substring(7);
                    } else if (a.startsWith("--config=")) {
                        config = a.substring(9);
                    } else if (a.startsWith("--routes=")) {
                        routes = a.substring(9);
                    } else {
                        throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
                    }
                }
            }
        }
        return new GatewayOptions(port(port), blankToNull(config), blankToNull(routes),
                bodyLimit(env.get("LLMROUTER_BODY_LIMIT")),
                seconds("LLMROUTER_HEADER_READ_TIMEOUT", env, DEFAULT_HEADER_READ_TIMEOUT_MILLIS),
                seconds("LLMROUTER_IDLE_TIMEOUT", env, DEFAULT_IDLE_TIMEOUT_MILLIS),
                positive("LLMROUTER_MAX_IN_FLIGHT", env.get("LLMROUTER_MAX_IN_FLIGHT"), DEFAULT_MAX_IN_FLIGHT),
                positive("LLMROUTER_EVENT_LOOPS", env.get("LLMROUTER_EVENT_LOOPS"), DEFAULT_EVENT_LOOPS),
                seconds("LLMROUTER_BODY_READ_TIMEOUT", env, DEFAULT_BODY_READ_TIMEOUT_MILLIS));
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int port(String s) {
        if (s == null || s.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int p = Integer.parseInt(s.trim());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number from 0 to 65535, was '" + s + "'");
        }
    }

    private static long bodyLimit(String s) {
        if (s == null || s.isBlank()) {
            return DEFAULT_BODY_LIMIT;
        }
        try {
            long v = Long.parseLong(s.trim());
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LLMROUTER_BODY_LIMIT must be a positive number of bytes, was '" + s + "'");
        }
    }

    private static int positive(String name, String s, int otherwise) {
        if (s == null || s.isBlank()) {
            return otherwise;
        }
        try {
            int v = Integer.parseInt(s.trim());
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive whole number, was '" + s + "'");
        }
    }

    /** A duration in seconds (fractions allowed, 0 for none) as milliseconds. */
    private static long seconds(String name, Map<String, String> env, long defaultMillis) {
        String s = env.get(name);
        if (s == null || s.isBlank()) {
            return defaultMillis;
        }
        try {
            double v = Double.parseDouble(s.trim());
            if (!(v >= 0 && v <= 86_400)) {
                throw new NumberFormatException();
            }
            return Math.round(v * 1000);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of seconds from 0 to 86400, was '" + s + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
