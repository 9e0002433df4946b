package io.llmrouter.cache;

import java.util.Locale;

/** Whose answers a request may be served: its own key's (the default), its team's, or anyone's. */
public enum CacheScope {
    KEY, TEAM, GLOBAL;

    public static CacheScope parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "key" -> KEY;
            case "team" -> TEAM;
            case "global" -> GLOBAL;
            default -> throw new IllegalArgumentException("option cacheScope must be key, team or global, was '"
                    + value + "'");
        };
    }
}
