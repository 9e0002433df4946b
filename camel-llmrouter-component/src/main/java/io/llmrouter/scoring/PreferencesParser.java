package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestLimits;

/**
 * Reads {@link Preferences} from request headers ({@code x-llmrouter-strategy: cost}) and from the body's
 * {@code router} object ({@code "router": {"strategy": "cost"}}); the body wins where both are given. An unknown or
 * ill-formed preference is a 400 naming it.
 */
public final class PreferencesParser {

    public static final String HEADER_PREFIX = "x-llmrouter-";

    /** The preference names, as body fields; the headers are the same with dashes and the prefix. */
    private static final List<String> NAMES = List.of("strategy", "weights", "max_price", "latency_target_ms",
            "min_quality", "allow_providers", "deny_providers", "regions", "prefer", "task", "quality_floor", "explain");

    private PreferencesParser() {
    }

    /**
     * @param headers request headers whose names start with {@link #HEADER_PREFIX} (any case); others are ignored
     * @param router  the body's {@code router} object, or null
     */
    public static Preferences parse(Map<String, String> headers, JsonNode router) {
        Builder b = new Builder();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!name.startsWith(HEADER_PREFIX)) {
                continue;
            }
            String field = name.substring(HEADER_PREFIX.length()).replace('-', '_');
            if (!NAMES.contains(field)) {
                throw LlmException.invalid(name, "Unknown routing header '" + name + "'. Known: " + known() + ".");
            }
            b.set(field, h.getValue(), name);
        }
        if (router != null && !router.isNull()) {
            if (!router.isObject()) {
                throw LlmException.invalid("router", "Invalid type for 'router': expected an object.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = router.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!NAMES.contains(f.getKey())) {
                    throw LlmException.invalid("router." + f.getKey(), "Unknown routing preference 'router." + f.getKey()
                            + "'. Known: " + String.join(", ", NAMES) + ".");
                }
                b.set(f.getKey(), f.getValue(), "router." + f.getKey());
            }
        }
        return b.build();
    }

    private static String known() {
        List<String> out = new ArrayList<>();
        NAMES.forEach(n -> out.add(HEADER_PREFIX + n.replace('_', '-')));
        return String.join(", ", out);
    }

    private static final class Builder {
        String strategy;
        Weights weights;
        Double maxPrice;
        Double latencyTarget;
        Double minQuality;
        Set<String> allow = Set.of();
        Set<String> deny = Set.of();
        Set<String> regions = Set.of();
        List<String> prefer = List.of();
        String task;
        Double qualityFloor;
        boolean explain;

        /** value is a header String or a body JsonNode. */
        void set(String field, Object value, String param) {
            switch (field) {
                case "strategy" -> strategy = text(value, param);
                case "weights" -> weights = weights(value, param);
                case "max_price" -> maxPrice = number(value, param, 0, Double.MAX_VALUE);
                case "latency_target_ms" -> latencyTarget = number(value, param, 0, Double.MAX_VALUE);
                case "min_quality" -> minQuality = number(value, param, 0, 1);
                case "allow_providers" -> allow = Set.copyOf(list(value, param));
                case "deny_providers" -> deny = Set.copyOf(list(value, param));
                case "regions" -> regions = Set.copyOf(list(value, param));
                case "prefer" -> prefer = List.copyOf(new LinkedHashSet<>(list(value, param)));
                case "task" -> task = text(value, param);
                case "quality_floor" -> qualityFloor = number(value, param, 0, 1);
                case "explain" -> explain = bool(value, param);
                default -> throw new IllegalStateException(field);
            }
        }

        Preferences build() {
            return new Preferences(strategy, weights, maxPrice, latencyTarget, minQuality, allow, deny, regions, prefer,
                    task, qualityFloor, explain);
        }

        private static String text(Object v, String param) {
            String s = v instanceof JsonNode n ? (n.isTextual() ? n.asText() : null) : (String) v;
            if (s == null || s.isBlank()) {
                throw LlmException.invalid(param, "Invalid value for '" + param + "': expected a non-empty string.");
            }
            return s.trim();
        }

        private static double number(Object v, String param, double min, double max) {
            double d;
            if (v instanceof JsonNode n) {
                if (!n.isNumber()) {
                    throw LlmException.invalid(param, "Invalid type for '" + param + "': expected a number.");
                }
                d = n.asDouble();
            } else {
                try {
                    d = Double.parseDouble(((String) v).trim());
                } catch (NumberFormatException e) {
                    throw LlmException.invalid(param, "Invalid value for '" + param + "': '" + v + "' is not a number.");
                }
            }
            if (Double.isNaN(d) || d < min || d > max) {
                throw LlmException.invalid(param, "Invalid value for '" + param + "': " + d + " is not between " + min
                        + " and " + (max == Double.MAX_VALUE ? "infinity" : max) + ".");
            }
            return d;
        }

        private static boolean bool(Object v, String param) {
            if (v instanceof JsonNode n) {
                if (!n.isBoolean()) {
                    throw LlmException.invalid(param, "Invalid type for '" + param + "': expected a boolean.");
                }
                return n.asBoolean();
            }
            String s = ((String) v).trim().toLowerCase(Locale.ROOT);
            if (!s.equals("true") && !s.equals("false")) {
                throw LlmException.invalid(param, "Invalid value for '" + param + "': expected true or false.");
            }
            return s.equals("true");
        }

        private static List<String> list(Object v, String param) {
            List<String> out = new ArrayList<>();
            if (v instanceof JsonNode n) {
                if (!n.isArray()) {
                    throw LlmException.invalid(param, "Invalid type for '" + param + "': expected an array of strings.");
                }
                for (JsonNode item : n) {
                    if (!item.isTextual() || item.asText().isBlank()) {
                        throw LlmException.invalid(param, "Invalid value in '" + param + "': expected non-empty strings.");
                    }
                    out.add(item.asText().trim());
                }
            } else {
                for (String s : ((String) v).split(",")) {
                    if (!s.isBlank()) {
                        out.add(s.trim());
                    }
                }
            }
            if (out.isEmpty()) {
                throw LlmException.invalid(param, "Invalid value for '" + param + "': the list is empty.");
            }
            // names of models, providers or regions: a catalog-sized list at most
            RequestLimits.check(param, out.size(), RequestLimits.MODELS);
            return out;
        }

        private static Weights weights(Object v, String param) {
            if (v instanceof JsonNode n) {
                if (!n.isObject()) {
                    throw LlmException.invalid(param, "Invalid type for '" + param
                            + "': expected an object like {\"cost\":0.5,\"latency\":0.3,\"quality\":0.2}.");
                }
                StringBuilder sb = new StringBuilder();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (!f.getValue().isNumber()) {
                        throw LlmException.invalid(param + "." + f.getKey(), "Invalid type for '" + param + "."
                                + f.getKey() + "': expected a number.");
                    }
                    sb.append(sb.isEmpty() ? "" : ",").append(f.getKey()).append('=').append(f.getValue().asDouble());
                }
                return Weights.parse(sb.toString(), param);
            }
            return Weights.parse((String) v, param);
        }
    }
}
