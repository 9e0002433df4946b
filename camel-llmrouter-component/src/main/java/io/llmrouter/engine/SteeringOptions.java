package io.llmrouter.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.llmrouter.steering.Subject;

/**
 * An endpoint's steering settings, and per request the caller's headers they read.
 *
 * @param stickyBy              where a weighted split finds its subject, first found wins (see {@link Subject})
 * @param cacheAffinityMinChars prompts whose shared prefix is at least this long follow it to one deployment; 0: off
 * @param region                the router's own region, or null
 * @param headers               the caller's headers, names in lower case; empty until {@link #forCaller}
 */
public record SteeringOptions(List<String> stickyBy, int cacheAffinityMinChars, String region,
                              Map<String, String> headers) {

    /** The caller's region, which outranks the router's own for geo steering. */
    public static final String REGION_HEADER = "x-llmrouter-region";

    public static final SteeringOptions DEFAULT = new SteeringOptions(Subject.DEFAULT_ORDER, 0, null, Map.of());

    SteeringOptions forCaller(Map<String, ?> callerHeaders) {
        Map<String, String> h = new HashMap<>();
        for (Map.Entry<String, ?> e : callerHeaders.entrySet()) {
            if (e.getValue() instanceof CharSequence || e.getValue() instanceof Number
                || e.getValue() instanceof Boolean) {
                h.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().toString());
            }
        }
        return new SteeringOptions(stickyBy, cacheAffinityMinChars, region, h);
    }

    /** Where the request comes from: the caller's header, else the router's own region, else null. */
    public String origin() {
        String caller = headers.get(REGION_HEADER);
        return caller != null && !caller.isBlank() ? caller.trim() : region;
    }
}
