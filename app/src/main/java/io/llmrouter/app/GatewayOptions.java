package io.llmrouter.app;

import java.util.Map;

/**
 * The gateway's command line and environment: {@code --port N} ({@code LLMROUTER_PORT}), {@code --config FILE}
 * ({@code LLMROUTER_CONFIG}), {@code --routes DIR} ({@code LLMROUTER_ROUTES}). Flags win over the environment.
 *
 * @param config    the catalog file, or null for the default catalog in the jar
 * @param routesDir a directory of YAML routes to load instead of the ones in the jar, or null
 * @param bodyLimit   the largest request body accepted, in bytes
 * @param maxInFlight requests the front door holds at once; one more is answered 429 with Retry-After
 */
public record GatewayOptions(int port, String config, String routesDir, long bodyLimit, int maxInFlight) {

    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_BODY_LIMIT = 10L * 1024 * 1024;
    /** LLM calls are long and cheap to hold (a socket, no thread); ten thousand is far past a provider's own limits. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

    public GatewayOptions(int port, String config, String routesDir, long bodyLimit) {
        this(port, config, routesDir, bodyLimit, DEFAULT_MAX_IN_FLIGHT);
    }
    public static final String USAGE = """
            usage: java -jar llmrouter.jar [--port N] [--config FILE] [--routes DIR]
              --port N        port to listen on (env LLMROUTER_PORT, default 8080)
              --config FILE   model catalog YAML (env LLMROUTER_CONFIG, default: the catalog in the jar)
              --routes DIR    directory of YAML DSL routes to load instead of the defaults (env LLMROUTER_ROUTES)
            environment: LLMROUTER_BODY_LIMIT (bytes, default 10485760), LLMROUTER_MAX_IN_FLIGHT (requests held at once,
              default 10000; one more is answered 429), provider keys as named in the catalog""";

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
                bodyLimit(env.get("LLMROUTER_BODY_LIMIT")), maxInFlight(env.get("LLMROUTER_MAX_IN_FLIGHT")));
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

    private static int maxInFlight(String s) {
        if (s == null || s.isBlank()) {
            return DEFAULT_MAX_IN_FLIGHT;
        }
        try {
            int v = Integer.parseInt(s.trim());
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LLMROUTER_MAX_IN_FLIGHT must be a positive whole number, was '" + s
                    + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
