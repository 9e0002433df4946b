package io.llmrouter.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.llmrouter.api.Sha256;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Json;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.dialect.openai.OpenAiFields;
import io.llmrouter.governance.Caller;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.scoring.RequestProfile;
import io.llmrouter.steering.Rule;
import io.llmrouter.steering.RuleFacts;
import io.llmrouter.steering.Steering;
import io.llmrouter.steering.Subject;

/**
 * Before ranking: the catalog's first matching rule sets the candidates, strategy or preferred models, then the request
 * gets its sticky subject, its prompt-prefix digest for cache affinity and the regions nearest to it.
 */
final class Steer {

    /** The options as the rule left them, the profile to rank with, and the rule's name (null when none matched). */
    record Steered(RouteOptions options, RequestProfile profile, String rule) {
    }

    private final Supplier<Catalog> catalogs;

    /** @param catalogs the catalog served now: its rules and regions, read once per request */
    Steer(Supplier<Catalog> catalogs) {
        this.catalogs = catalogs;
    }

    /**
     * The profile the rules will be matched with, to be given the learned router's prediction before {@link #apply}
     * when a rule reads the difficulty (only chat requests are predicted); null when no rule does.
     */
    RequestProfile toPredict(Operation<?> op, RouteOptions options) {
        return op.chatRequest() != null && Rule.predict(catalogs.get().rules())
                ? op.profile(options.effectivePreferences()) : null;
    }

    /** @param predicted the profile from {@link #toPredict}, with its prediction; or null */
    Steered apply(Operation<?> op, RouteOptions options, RequestProfile predicted) {
        Catalog catalog = catalogs.get();
        RequestProfile profile = predicted != null ? predicted : op.profile(options.effectivePreferences());
        Rule rule = catalog.rules().isEmpty() ? null : Rule.first(catalog.rules(), facts(profile, options));
        if (rule != null) {
            options = applied(rule, options);
            profile = op.profile(options.effectivePreferences()).predictionOf(profile);
        }
        profile.steer(steering(op.chatRequest(), options, catalog));
        return new Steered(options, profile, rule == null ? null : rule.name());
    }

    private static RouteOptions applied(Rule rule, RouteOptions options) {
        RouteOptions out = options;
        if (!rule.models().isEmpty()) {
            out = out.withCandidates(rule.models());
        }
        if (rule.strategy() != null) {
            out = out.withStrategy(rule.strategy());
        }
        Preferences p = out.preferences();
        if (!rule.prefer().isEmpty() && p.prefer().isEmpty()) {
            out = out.withPreferences(new Preferences(p.strategy(), p.weights(), p.maxPriceUsd(), p.latencyTargetMs(),
                    p.minQuality(), p.allowProviders(), p.denyProviders(), p.regions(), rule.prefer(), p.task(),
                    p.qualityFloor(), p.explain()));
        }
        return out;
    }

    private static RuleFacts facts(RequestProfile profile, RouteOptions options) {
        Caller caller = options.tab().caller();
        List<String> tags = caller == null || caller.key().tags() == null ? List.of() : caller.key().tags();
        List<String> team = new ArrayList<>(2);
        if (caller != null && caller.team() != null) {
            team.add(caller.team().id());
            team.add(caller.team().name());
        }
        return new RuleFacts(options.steering().headers(), tags, team, profile.needs().contains(Capability.TOOLS),
                profile.hasImages(), profile.needs().contains(Capability.JSON_MODE)
                || profile.needs().contains(Capability.JSON_SCHEMA), profile.approximatePromptTokens(),
                profile.lastUserText(), profile.predictedQuality());
    }

    private static Steering steering(ChatRequest request, RouteOptions options, Catalog catalog) {
        SteeringOptions s = options.steering();
        Subject subject = Subject.find(s.stickyBy(), s.headers(), request == null ? null : request.user,
                options.tab().account());
        String origin = s.origin();
        String prefix = prefixKey(request, s.cacheAffinityMinChars());
        if (prefix != null && !request.extra().containsKey(OpenAiFields.PROMPT_CACHE_KEY)) {
            // OpenAI routes requests with the same key to the same cache; other adapters do not send extra fields
            request.extra(OpenAiFields.PROMPT_CACHE_KEY, "llmrouter-" + prefix);
        }
        return new Steering(subject, prefix, origin == null ? List.of() : catalog.regionOrder(origin));
    }

    /**
     * The digest of the first {@code minChars} characters of the prompt's prefix (tools and every message but the
     * last), what a provider's prompt cache can reuse. Only the leading part counts: a conversation grows at its end,
     * so each turn keeps the key of the last, and requests sharing a long system prompt share it too. Null when
     * affinity is off or the prefix is shorter than its minimum (too short for a provider to cache).
     */
    static String prefixKey(ChatRequest request, int minChars) {
        if (minChars <= 0 || request == null || request.messages == null || request.messages.size() < 2) {
            return null;
        }
        // a list, not a map: the same text, so the same digest, on every node
        String prefix = Json.string(List.of(request.tools == null ? List.of() : request.tools,
                request.messages.subList(0, request.messages.size() - 1)));
        if (prefix.length() < minChars) {
            return null;
        }
        return Sha256.hex(prefix.substring(0, minChars), 16);
    }
}
