package io.llmrouter.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and validates a catalog YAML file. Every problem fails the load with a message naming the file, the entry and
 * the field; a provider whose key variable is unset is disabled rather than failing.
 */
public final class CatalogLoader {

    /** The catalog that ships inside the component's jar. */
    public static final String DEFAULT_RESOURCE = "llmrouter/catalog.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> TOP_FIELDS = Set.of("providers", "models", "rules", "regions", "learned");
    private static final List<ProviderType> TYPES = ProviderType.registered();
    /** The fields every provider has, and each type's own (an entry of another type naming them is an error). */
    private static final Set<String> PROVIDER_FIELDS = withTypeFields(ProviderType::fields, "id", "type", "base_url",
            "base_url_env", "api_key_env", "headers", "timeouts", "enabled", "regions");
    private static final Set<String> MODEL_FIELDS = withTypeFields(ProviderType::modelFields, "id", "aliases",
            "provider", "upstream", "price", "context_window", "max_output_tokens", "capabilities", "tags", "limits",
            "quality", "weight", "timeouts");
    private static final String IF_NO_KEYS = "if-no-keys";

    private final Function<String, String> env;

    public CatalogLoader(Function<String, String> env) {
        this.env = env;
    }

    public static CatalogLoader fromEnvironment() {
        return new CatalogLoader(System::getenv);
    }

    /** Loads a file path, or a classpath resource when the location starts with {@code classpath:}. */
    public Catalog load(String location) {
        return parse(location, read(location));
    }

    /** A catalog's text, from a file or (with a {@code classpath:} prefix) a resource. */
    public static byte[] read(String location) {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new CatalogException(location + ": no such resource on the classpath");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new CatalogException(location + ": cannot read: " + e.getMessage(), e);
            }
        }
        try {
            return Files.readAllBytes(Path.of(location));
        } catch (NoSuchFileException e) {
            throw new CatalogException(location + ": no such file");
        } catch (IOException e) {
            throw new CatalogException(location + ": cannot read: " + e.getMessage(), e);
        }
    }

    public Catalog parse(String source, byte[] yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CatalogException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CatalogException(source + ": cannot read: " + e.getMessage(), e);
        }
        CatalogEntry top = new CatalogEntry(source, "catalog", root);
        if (root == null || !root.isObject()) {
            throw top.error("the file must be a mapping with 'providers' and 'models'");
        }
        top.onlyFields(TOP_FIELDS);
        Map<String, Provider> providers = providers(top);
        List<Model> models = models(top, providers);
        Set<String> modelNames = new HashSet<>();
        models.forEach(m -> {
            modelNames.add(m.id());
            modelNames.addAll(m.aliases());
        });
        LearnedSettings learned = learned(top);
        return new Catalog(source, providers.values(), models, SteeringSections.rules(top, modelNames, learned),
                SteeringSections.regions(top), learned);
    }

    private static LearnedSettings learned(CatalogEntry top) {
        CatalogEntry e = top.child("learned");
        if (e == null) {
            return null;
        }
        e.onlyFields(Set.of("model_file", "profiles"));
        String file = e.requiredText("model_file");
        // a model file that is not there fails the load, not the first request of the learned strategy
        boolean found = file.startsWith("classpath:")
                ? Thread.currentThread().getContextClassLoader().getResource(file.substring("classpath:".length())) != null
                : Files.isReadable(Path.of(file));
        if (!found) {
            throw e.error("model_file " + file + " not found");
        }
        return new LearnedSettings(file, e.stringMap("profiles"));
    }

    private Map<String, Provider> providers(CatalogEntry top) {
        Map<String, Provider> out = new LinkedHashMap<>();
        Map<String, String> ifNoKeys = new LinkedHashMap<>();
        List<CatalogEntry> entries = top.list("providers", true);
        for (CatalogEntry e : entries) {
            // named first, so that an unknown field's error says which entry it is in
            String id = e.requiredText("id");
            e.named(id);
            e.onlyFields(PROVIDER_FIELDS);
            if (out.containsKey(id)) {
                throw e.error("duplicate provider id '" + id + "'");
            }
            ProviderType type = type(e);
            String baseUrl = e.text("base_url", null);
            String baseUrlEnv = e.text("base_url_env", null);
            String keyEnv = e.text("api_key_env", null);
            String enabled = e.text("enabled", "true").toLowerCase(Locale.ROOT);
            if (!Set.of("true", "false", IF_NO_KEYS).contains(enabled)) {
                throw e.error("enabled must be true, false or " + IF_NO_KEYS + ", was '" + enabled + "'");
            }
            String disabled = null;
            if (enabled.equals("false")) {
                disabled = "disabled in the catalog";
            }
            if (baseUrlEnv != null && !blank(env.apply(baseUrlEnv))) {
                baseUrl = env.apply(baseUrlEnv).trim();
            } else if (baseUrlEnv != null && disabled == null) {
                disabled = baseUrlEnv + " is not set";
            }
            rejectOtherTypesFields(e, type, ProviderType::fields, ProviderType::misplaced);
            ProviderSettings settings = type.settings(e, env);
            if (settings != null && baseUrl == null && baseUrlEnv == null) {
                baseUrl = settings.defaultBaseUrl();
            }
            if (settings != null && disabled == null) {
                disabled = settings.unavailable();
            }
            if (!type.simulated()) {
                if (baseUrl == null && baseUrlEnv == null) {
                    throw e.error("base_url is required for type " + type.wireName());
                }
                if (baseUrl != null) {
                    baseUrl = checkUrl(e, baseUrl);
                }
            }
            String key = null;
            if (keyEnv != null) {
                key = env.apply(keyEnv);
                if (blank(key)) {
                    key = null;
                    if (disabled == null) {
                        disabled = keyEnv + " is not set";
                    }
                }
            }
            Map<String, String> headers = e.stringMap("headers");
            CatalogEntry timeouts = e.child("timeouts");
            Duration connect = Duration.ofMillis(5_000);
            Duration request = Duration.ofMillis(600_000);
            if (timeouts != null) {
                timeouts.onlyFields(Set.of("connect_ms", "request_ms"));
                connect = Duration.ofMillis(timeouts.positiveLong("connect_ms", connect.toMillis()));
                request = Duration.ofMillis(timeouts.positiveLong("request_ms", request.toMillis()));
            }
            Set<String> regions = Set.copyOf(e.stringList("regions"));
            out.put(id, new Provider(id, type, baseUrl, keyEnv, key, headers, connect, request, settings, regions,
                    disabled));
            if (enabled.equals(IF_NO_KEYS)) {
                ifNoKeys.put(id, id);
            }
        }
        List<String> realEnabled = out.values().stream()
                .filter(p -> p.enabled() && !ifNoKeys.containsKey(p.id()) && !p.type().simulated())
                .map(Provider::id).toList();
        if (!realEnabled.isEmpty()) {
            for (String id : ifNoKeys.keySet()) {
                Provider p = out.get(id);
                if (p.enabled()) {
                    out.put(id, p.disabled("only used when no other provider is enabled (enabled: "
                            + String.join(", ", realEnabled) + ")"));
                }
            }
        }
        return out;
    }

    private List<Model> models(CatalogEntry top, Map<String, Provider> providers) {
        List<Model> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (CatalogEntry e : top.list("models", true)) {
            // named first, so that an unknown field's error says which entry it is in
            String id = e.requiredText("id");
            e.named(id);
            e.onlyFields(MODEL_FIELDS);
            boolean wildcard = id.endsWith("/*");
            if (id.contains("*") && !wildcard) {
                throw e.error("a wildcard id must have the form 'prefix/*'");
            }
            String providerId = e.requiredText("provider");
            Provider provider = providers.get(providerId);
            if (provider == null) {
                throw e.error("provider '" + providerId + "' is not defined under providers");
            }
            List<String> aliases = e.stringList("aliases");
            for (String name : concat(id, aliases)) {
                String previous = names.putIfAbsent(name, id);
                if (previous != null) {
                    throw e.error("the name '" + name + "' is already used by model '" + previous + "'");
                }
            }
            CatalogEntry price = e.child("price");
            Double in = null;
            Double out2 = null;
            Double cached = null;
            if (price != null) {
                price.onlyFields(Set.of("input", "output", "cached_input"));
                in = price.nonNegative("input");
                out2 = price.nonNegative("output");
                cached = price.nonNegative("cached_input");
            }
            Set<Capability> caps = EnumSet.noneOf(Capability.class);
            List<String> capNames = e.has("capabilities") ? e.stringList("capabilities") : List.of("chat", "streaming");
            for (String c : capNames) {
                try {
                    caps.add(Capability.valueOf(c.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException ex) {
                    throw e.error("unknown capability '" + c + "' (known: " + known(Capability.values()) + ")");
                }
            }
            CatalogEntry limits = e.child("limits");
            int rpm = 0;
            int tpm = 0;
            if (limits != null) {
                limits.onlyFields(Set.of("rpm", "tpm"));
                rpm = (int) limits.nonNegativeLong("rpm", 0);
                tpm = (int) limits.nonNegativeLong("tpm", 0);
            }
            Double quality = null;
            Map<String, Double> taskQuality = new LinkedHashMap<>();
            CatalogEntry q = e.has("quality") && e.node().get("quality").isObject() ? e.child("quality") : null;
            if (q != null) {
                for (Iterator<String> it = q.node().fieldNames(); it.hasNext();) {
                    String task = it.next();
                    Double v = q.fraction(task);
                    if (task.equals("default")) {
                        quality = v;
                    } else {
                        taskQuality.put(task, v);
                    }
                }
            } else {
                quality = e.fraction("quality");
            }
            Double weight = e.nonNegative("weight");
            Duration firstToken = null;
            Duration stall = null;
            CatalogEntry t = e.child("timeouts");
            if (t != null) {
                t.onlyFields(Set.of("first_token_ms", "stall_ms"));
                firstToken = t.has("first_token_ms") ? Duration.ofMillis(t.positiveLong("first_token_ms", 1)) : null;
                stall = t.has("stall_ms") ? Duration.ofMillis(t.positiveLong("stall_ms", 1)) : null;
            }
            rejectOtherTypesFields(e, provider.type(), ProviderType::modelFields, ProviderType::misplacedInModel);
            ProviderSettings settings = provider.type().modelSettings(e, provider.settings());
            out.add(new Model(id, aliases, providerId, e.text("upstream", wildcard ? null : id), in, out2, cached,
                    (int) e.nonNegativeLong("context_window", 0), (int) e.nonNegativeLong("max_output_tokens", 0),
                    caps, e.stringList("tags"), rpm, tpm, quality, Map.copyOf(taskQuality), weight == null ? 1 : weight,
                    settings, firstToken, stall));
        }
        return out;
    }

    /** The entry's type, by the name the catalog gives it. */
    private static ProviderType type(CatalogEntry e) {
        String name = e.requiredText("type");
        String wire = name.toLowerCase(Locale.ROOT).replace('-', '_');
        for (ProviderType t : TYPES) {
            if (t.wireName().equals(wire)) {
                return t;
            }
        }
        throw e.error("type '" + name + "' is not one of: "
                + String.join(", ", TYPES.stream().map(ProviderType::wireName).toList()));
    }

    /** An entry naming a field that only another type reads fails with that type's message. */
    private static void rejectOtherTypesFields(CatalogEntry e, ProviderType type,
                                               Function<ProviderType, Set<String>> fields,
                                               BiFunction<ProviderType, String, String> misplaced) {
        for (ProviderType other : TYPES) {
            for (String f : fields.apply(other)) {
                if (e.has(f) && !fields.apply(type).contains(f)) {
                    throw e.error(misplaced.apply(other, f));
                }
            }
        }
    }

    private static Set<String> withTypeFields(Function<ProviderType, Set<String>> ofType, String... common) {
        Set<String> all = new HashSet<>(List.of(common));
        TYPES.forEach(t -> all.addAll(ofType.apply(t)));
        return Set.copyOf(all);
    }

    private static String checkUrl(CatalogEntry e, String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw e.error("base_url must start with http:// or https://, was '" + url + "'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String known(Enum<?>[] values) {
        List<String> names = new ArrayList<>();
        for (Enum<?> v : values) {
            names.add(v.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", names);
    }
}
