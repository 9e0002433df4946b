package io.llmrouter.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.llmrouter.steering.Rule;

/**
 * The providers and models the router may use. Names resolve by id, then alias, then wildcard entry
 * ({@code groq/*} serves every {@code groq/NAME}). Only enabled providers' models resolve.
 */
public final class Catalog {

    private final String source;
    private final Map<String, Provider> providers;
    private final List<Model> models;
    private final Map<String, Deployment> byName = new LinkedHashMap<>();
    private final Map<String, Deployment> wildcards = new LinkedHashMap<>();
    /** Model names a caller sends to mean "let the router choose" rather than to name a model. */
    public static final List<String> AUTO_NAMES = List.of("auto", "router", "llmrouter/auto");
    private static final int MAX_CACHED_WILDCARDS = 10_000;
    /** Longer than any real model name or Bedrock ARN; a longer wildcard name is a mistake or an attack. */
    static final int MAX_WILDCARD_NAME = 256;

    private final Map<String, Deployment> resolvedWildcards = new ConcurrentHashMap<>();
    private final List<Deployment> deployments = new ArrayList<>();

    private final List<Rule> rules;
    private final Regions regions;
    private final LearnedSettings learned;

    public Catalog(String source, Collection<Provider> providers, List<Model> models) {
        this(source, providers, models, List.of(), Regions.NONE, null);
    }

    /**
     * @param rules   the {@code rules:} section, tried in order
     * @param regions the {@code regions:} section: failover orders, and the countries and continents each serves
     * @param learned the {@code learned:} section, or null
     */
    public Catalog(String source, Collection<Provider> providers, List<Model> models, List<Rule> rules,
                   Regions regions, LearnedSettings learned) {
        this.source = source;
        this.rules = List.copyOf(rules);
        this.regions = regions;
        this.learned = learned;
        this.providers = new LinkedHashMap<>();
        providers.forEach(p -> this.providers.put(p.id(), p));
        this.models = List.copyOf(models);
        for (Model m : models) {
            Provider p = this.providers.get(m.provider());
            if (p == null || !p.enabled()) {
                continue;
            }
            Deployment d = new Deployment(m, p);
            if (m.id().endsWith("/*")) {
                wildcards.put(m.id().substring(0, m.id().length() - 1), d);
            } else {
                byName.put(m.id(), d);
                deployments.add(d);
                m.aliases().forEach(a -> byName.putIfAbsent(a, d));
            }
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The regions to try for a request from {@code region}, nearest first; just the region when none is declared. */
    public List<String> regionOrder(String region) {
        return regions.order(region);
    }

    /** The {@code regions:} section. */
    public Regions regions() {
        return regions;
    }

    /** The learned router's settings, or null when the catalog has no {@code learned:} section. */
    public LearnedSettings learned() {
        return learned;
    }

    public String source() {
        return source;
    }

    public Collection<Provider> providers() {
        return providers.values();
    }

    public Optional<Provider> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    /** Every model entry, enabled or not, wildcards included. */
    public List<Model> models() {
        return models;
    }

    /** The deployments callers can name (enabled providers, no wildcards), in catalog order. */
    public List<Deployment> deployments() {
        return deployments;
    }

    /** The wildcard entries of enabled providers, by prefix such as {@code groq/}. */
    public Map<String, Deployment> wildcards() {
        return wildcards;
    }

    /** Why a name that resolves to nothing is unavailable: its provider is disabled, or it is not listed at all. */
    public String whyUnavailable(String name) {
        int slash = name.indexOf('/');
        if (slash > 0 && wildcards.containsKey(name.substring(0, slash + 1))) {
            String problem = wildcardNameProblem(name.substring(slash + 1));
            if (problem != null) {
                String shown = name.length() <= 80 ? name : name.substring(0, 80) + "...";
                return "The model name '" + shown + "' is not valid: " + problem + ".";
            }
        }
        for (Model m : models) {
            boolean matches = m.id().equals(name) || m.aliases().contains(name)
                    || m.id().endsWith("/*") && name.startsWith(m.id().substring(0, m.id().length() - 1));
            Provider p = providers.get(m.provider());
            if (matches && p != null && !p.enabled()) {
                return "The model '" + name + "' is in the catalog but its provider '" + p.id() + "' is disabled ("
                        + p.disabledReason() + ").";
            }
        }
        return "The model '" + name + "' does not exist in the catalog.";
    }

    public Optional<Deployment> resolve(String name) {
        Deployment d = byName.get(name);
        if (d != null) {
            return Optional.of(d);
        }
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            return Optional.empty();
        }
        Deployment wildcard = wildcards.get(name.substring(0, slash + 1));
        if (wildcard == null) {
            return Optional.empty();
        }
        if (wildcardNameProblem(name.substring(slash + 1)) != null) {
            return Optional.empty();
        }
        Deployment cached = resolvedWildcards.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Deployment named = new Deployment(wildcard.model().named(name, name.substring(slash + 1)), wildcard.provider());
        // callers choose these names: keep the cache bounded so that made-up names cannot grow memory
        if (resolvedWildcards.size() < MAX_CACHED_WILDCARDS) {
            resolvedWildcards.putIfAbsent(name, named);
        }
        return Optional.of(named);
    }

    /**
     * Why the caller's part of a wildcard name cannot be passed on to the provider, or null. It is escaped wherever
     * it goes (a URL segment, a JSON string), so slashes, spaces and any letter are fine; what no provider names a
     * model by is refused before a request is built: control characters, {@code .} or {@code ..} between slashes
     * (a step up the path to any server that decodes the slashes), and more than {@link #MAX_WILDCARD_NAME} characters.
     */
    private static String wildcardNameProblem(String rest) {
        if (rest.length() > MAX_WILDCARD_NAME) {
            return "longer than " + MAX_WILDCARD_NAME + " characters";
        }
        for (int i = 0; i < rest.length(); i++) {
            if (Character.isISOControl(rest.charAt(i))) {
                return "it holds a control character";
            }
        }
        for (String part : rest.split("/", -1)) {
            if (part.equals(".") || part.equals("..")) {
                return "'.' and '..' are not model names";
            }
        }
        return null;
    }

    /** Enabled deployments whose model has the capability. */
    public List<Deployment> deploymentsWith(Capability capability) {
        List<Deployment> out = new ArrayList<>();
        for (Deployment d : deployments()) {
            if (d.model().can(capability)) {
                out.add(d);
            }
        }
        return out;
    }
}
