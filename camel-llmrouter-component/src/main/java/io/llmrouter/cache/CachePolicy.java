package io.llmrouter.cache;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;

/**
 * How one request uses the response cache: the endpoint's settings, overridden by its key's preferences, then by the
 * caller's {@value #MODE_HEADER} / {@value #TTL_HEADER} headers, then by the body's {@code cache} object.
 *
 * @param asked      the request itself named a mode (header or body): it is cached whatever its temperature
 * @param similarity the least cosine similarity at which a semantic lookup serves another prompt's answer
 */
public record CachePolicy(CacheMode mode, Duration ttl, CacheScope scope, double similarity, boolean asked) {

    public static final String MODE_HEADER = "x-llmrouter-cache-mode";
    public static final String TTL_HEADER = "x-llmrouter-cache-ttl";
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final double DEFAULT_SIMILARITY = 0.95;
    public static final CachePolicy OFF = new CachePolicy(CacheMode.OFF, DEFAULT_TTL, CacheScope.KEY,
            DEFAULT_SIMILARITY, false);

    public CachePolicy {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache ttl must be positive, was " + ttl);
        }
        if (!(similarity > 0 && similarity <= 1)) {
            throw new IllegalArgumentException("cache similarity must be in (0, 1], was " + similarity);
        }
    }

    public boolean on() {
        return mode != CacheMode.OFF;
    }

    /**
     * With the {@value #MODE_HEADER} and {@value #TTL_HEADER} of these headers (the key's preferences under the
     * caller's own, lower-case names) applied.
     *
     * @param callerNamedMode the caller's own headers named the mode
     */
    public CachePolicy withHeaders(Map<String, String> headers, boolean callerNamedMode) {
        String m = headers.get(MODE_HEADER);
        String t = headers.get(TTL_HEADER);
        if (m == null && t == null) {
            return this;
        }
        return new CachePolicy(m == null ? mode : CacheMode.parse(m, MODE_HEADER),
                t == null ? ttl : seconds(t, TTL_HEADER), scope, similarity, asked || callerNamedMode);
    }

    /** With the body's {@code cache: {mode, ttl}} applied; null leaves it as it is. */
    public CachePolicy withBody(Object cache) {
        if (cache == null) {
            return this;
        }
        JsonNode node = Json.MAPPER.valueToTree(cache);
        if (!node.isObject()) {
            throw LlmException.invalid("cache", "cache must be an object such as {\"mode\": \"exact\", \"ttl\": 600}.");
        }
        CacheMode m = mode;
        Duration t = ttl;
        boolean named = false;
        for (var f : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            switch (f.getKey()) {
                case "mode" -> {
                    if (!f.getValue().isTextual()) {
                        throw LlmException.invalid("cache.mode", "cache.mode must be exact, semantic or off.");
                    }
                    m = CacheMode.parse(f.getValue().asText(), "cache.mode");
                    named = true;
                }
                case "ttl" -> t = seconds(f.getValue().isIntegralNumber() ? f.getValue().asText()
                        : f.getValue().toString(), "cache.ttl");
                default -> throw LlmException.invalid("cache." + f.getKey(), "Unknown cache setting 'cache."
                        + f.getKey() + "'. Known: mode, ttl.");
            }
        }
        return new CachePolicy(m, t, scope, similarity, asked || named);
    }

    private static Duration seconds(String value, String param) {
        try {
            long s = Long.parseLong(value.trim());
            if (s > 0) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw LlmException.invalid(param, param + " must be a positive whole number of seconds, not '" + value + "'.");
    }
}
