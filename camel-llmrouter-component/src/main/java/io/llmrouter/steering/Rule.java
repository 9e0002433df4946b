package io.llmrouter.steering;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One entry of the catalog's {@code rules:} section: when every condition of {@code when} holds, the request is routed
 * over {@code models} and/or with {@code strategy}, trying {@code prefer} first. Rules are tried in order and the first
 * that matches wins; a rule without conditions matches every request.
 *
 * @param models   candidates, as an endpoint's {@code candidates} option (a model the body names still wins); empty: keep
 * @param strategy the endpoint's strategy for this request (a caller's {@code x-llmrouter-strategy} still wins); or null
 * @param prefer   models tried first when the caller prefers none; empty: keep
 */
public record Rule(String name, When when, List<String> models, String strategy, List<String> prefer) {

    /**
     * The conditions, all of which must hold; null or empty ones are not checked.
     *
     * @param headers  header name (lower case) to its exact value, or {@code "*"} for any value
     * @param keyTags  the caller's key has one of these tags
     * @param team     the caller's team has this id or name
     * @param keywords   the last user message contains one of these, ignoring case
     * @param difficulty the learned router's predicted difficulty is in this range; null: not checked
     */
    public record When(Map<String, String> headers, List<String> keyTags, String team, Boolean tools, Boolean images,
                       Boolean jsonMode, Integer minPromptTokens, Integer maxPromptTokens, Pattern regex,
                       List<String> keywords, Difficulty difficulty) {

        boolean holds(RuleFacts f) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                String v = f.headers().get(h.getKey());
                if (v == null || !(h.getValue().equals("*") || h.getValue().equals(v))) {
                    return false;
                }
            }
            return (keyTags.isEmpty() || keyTags.stream().anyMatch(f.keyTags()::contains))
                    && (team == null || f.team().contains(team))
                    && (tools == null || tools == f.tools())
                    && (images == null || images == f.images())
                    && (jsonMode == null || jsonMode == f.jsonMode())
                    && (minPromptTokens == null || f.promptTokens() >= minPromptTokens)
                    && (maxPromptTokens == null || f.promptTokens() <= maxPromptTokens)
                    && (regex == null || regex.matcher(f.lastUserMessage()).find())
                    && (keywords.isEmpty() || containsAny(f.lastUserMessage(), keywords))
                    && (difficulty == null || difficulty.holds(f.predictedQuality()));
        }

        private static boolean containsAny(String text, List<String> keywords) {
            String lower = text.toLowerCase(Locale.ROOT);
            return keywords.stream().anyMatch(k -> lower.contains(k.toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * A prompt's difficulty as the learned router predicts it: 1 minus the predicted quality of {@code model}, or of
     * the model predicted best when none is named (how well the strongest model would do). A request without a
     * prediction (the quality model not loaded yet, its embedding queue full) is not matched.
     *
     * @param min   at least this, or null
     * @param max   at most this, or null
     * @param model a catalog model with a learned profile, or null for the best predicted one
     */
    public record Difficulty(Double min, Double max, String model) {

        boolean holds(Map<String, Double> predictedQuality) {
            Double q = model != null ? predictedQuality.get(model)
                    : predictedQuality.values().stream().max(Double::compare).orElse(null);
            if (q == null) {
                return false;
            }
            double d = 1 - q;
            return (min == null || d >= min) && (max == null || d <= max);
        }
    }

    /** Whether any of the rules reads the predicted difficulty: then the prompt is embedded before rules are tried. */
    public static boolean predict(List<Rule> rules) {
        for (Rule r : rules) {
            if (r.when().difficulty() != null) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(RuleFacts facts) {
        return when.holds(facts);
    }

    /** The first rule that matches, or null. */
    public static Rule first(List<Rule> rules, RuleFacts facts) {
        for (Rule r : rules) {
            if (r.matches(facts)) {
                return r;
            }
        }
        return null;
    }
}
