package io.llmrouter.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

import io.llmrouter.governance.AuthMode;
import io.llmrouter.governance.Governance;

/**
 * Who may reach the gateway and where what they spend is kept: properties {@code llmrouter.host},
 * {@code llmrouter.auth}, {@code llmrouter.master-key}, {@code llmrouter.data-dir}, {@code llmrouter.db.url},
 * {@code llmrouter.db.user}, {@code llmrouter.db.password}, {@code llmrouter.spend-durability},
 * {@code llmrouter.cors-origins}, or the variables {@code LLMROUTER_HOST}, {@code LLMROUTER_AUTH},
 * {@code LLMROUTER_MASTER_KEY}, ...
 *
 * @param host        the address to listen on: loopback unless set (0.0.0.0 in a container)
 * @param auth        keys or none; null: keys once a master key is set or any key exists, else none
 * @param masterKey   the admin API's credential, or null (then the admin API is open only without keys on loopback)
 * @param dataDir     the embedded database's directory, used when no JDBC URL is given
 * @param dbUrl       a JDBC URL (PostgreSQL in production), or null for the embedded database
 * @param durability  whether an answer waits until its spend is committed to the database
 * @param corsOrigins the web origins whose pages may call /v1/* ({@code *}: any); empty: CORS off
 */
public record SecuritySettings(String host, AuthMode auth, String masterKey, Path dataDir, String dbUrl, String dbUser,
                               String dbPassword, Governance.Durability durability,
                               java.util.List<String> corsOrigins) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_DATA_DIR = "data";

    /** @param lookup a property's value by full key ({@code llmrouter.host}), or null */
    public static SecuritySettings from(Function<String, String> lookup) {
        Function<String, String> get = k -> {
            String v = lookup.apply("llmrouter." + k);
            return v == null || v.isBlank() ? null : v.trim();
        };
        String host = get.apply("host");
        String auth = get.apply("auth");
        String dir = get.apply("data-dir");
        String durability = get.apply("spend-durability");
        Governance.Durability d;
        try {
            d = durability == null ? Governance.Durability.SYNC
                    : Governance.Durability.valueOf(durability.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("llmrouter.spend-durability must be sync or async, not " + durability);
        }
        return new SecuritySettings(host == null ? DEFAULT_HOST : host, auth == null ? null : AuthMode.of(auth),
                get.apply("master-key"), Path.of(dir == null ? DEFAULT_DATA_DIR : dir), get.apply("db.url"),
                get.apply("db.user"), get.apply("db.password"), d, corsOrigins(get.apply("cors-origins")));
    }

    /** A comma-separated list of origins ({@code https://app.example.com}) or {@code *}. */
    private static java.util.List<String> corsOrigins(String list) {
        if (list == null) {
            return java.util.List.of();
        }
        java.util.List<String> origins = new java.util.ArrayList<>();
        for (String o : list.split(",")) {
            String origin = o.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.equals("*") && !origin.matches("(?i)https?://[^/?#\\s]+")) {
                throw new IllegalArgumentException("llmrouter.cors-origins must list origins such as "
                        + "https://app.example.com (scheme and host, no path) or *, not '" + origin + "'");
            }
            origins.add(origin);
        }
        return java.util.List.copyOf(origins);
    }


    /** The auth mode in force: the one set, else keys once a master key is set or {@code anyKey}. */
    public AuthMode authMode(boolean anyKey) {
        if (auth != null) {
            return auth;
        }
        return masterKey != null || anyKey ? AuthMode.KEYS : AuthMode.NONE;
    }

    /** Whether the gateway listens on loopback only. */
    public boolean loopbackOnly() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Never the master key or the database password. */
    @Override
    public String toString() {
        return "SecuritySettings[host=" + host + ", auth=" + auth + ", masterKey=" + (masterKey == null ? "unset"
                : "set") + ", dataDir=" + dataDir + ", db=" + (dbUrl == null ? "embedded" : "jdbc") + ", corsOrigins=" + corsOrigins
               + "]";
    }
}
