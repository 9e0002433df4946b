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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
    private static final Set<String> TOP_FIELDS = Set.of("providers", "models");
    private static final Set<String> PROVIDER_FIELDS = Set.of("id", "type", "base_url", "base_url_env", "api_key_env",
            "headers", "timeouts", "enabled", "sim", "regions", "region", "aws_access_key_env", "aws_secret_key_env",
            "aws_session_token_env", "api_version");
    private static final Set<String> AWS_FIELDS = Set.of("region", "aws_access_key_env", "aws_secret_key_env",
            "aws_session_token_env");
    private static final Set<String> MODEL_FIELDS = Set.of("id", "aliases", "provider", "upstream", "price",
            "context_window", "max_output_tokens", "capabilities", "tags", "limits", "quality", "weight", "sim",
            "timeouts");
    private static final Set<String> SIM_FIELDS = Set.of("ttft_ms", "jitter", "tokens_per_second", "answer_tokens",
            "error_rate", "error_kinds", "capacity");
    private static final String IF_NO_KEYS = "if-no-keys";
    /** The Azure OpenAI GA API version used when a provider names none. */
    static final String AZURE_API_VERSION = "2024-10-21";

    private final Function<String, String> env;

    public CatalogLoader(Function<String, String> env) {
        this.env = env;
    }

    public static CatalogLoader fromEnvironment() {
        return new CatalogLoader(System::getenv);
    }

    /** Loads a file path, or a classpath resource when the location starts with {@code classpath:}. */
    public Catalog load(String location) {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new CatalogException(location + ": no such resource on the classpath");
                }
                return parse(location, in.readAllBytes());
            } catch (IOException e) {
                throw new CatalogException(location + ": cannot read: " + e.getMessage(), e);
            }
        }
        try {
            return parse(location, Files.readAllBytes(Path.of(location)));
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
        Entry top = new Entry(source, "catalog", root);
        if (root == null || !root.isObject()) {
            throw top.error("the file must be a mapping with 'providers' and 'models'");
        }
        top.onlyFields(TOP_FIELDS);
        Map<String, Provider> providers = providers(top);
        List<Model> models = models(top, providers);
        return new Catalog(source, providers.values(), models);
    }

    private Map<String, Provider> providers(Entry top) {
        Map<String, Provider> out = new LinkedHashMap<>();
        Map<String, String> ifNoKeys = new LinkedHashMap<>();
        List<Entry> entries = top.list("providers", true);
        for (Entry e : entries) {
            // named first, so that an unknown field's error says which entry it is in
            String id = e.requiredText("id");
            e.named(id);
            e.onlyFields(PROVIDER_FIELDS);
            if (out.containsKey(id)) {
                throw e.error("duplicate provider id '" + id + "'");
            }
            ProviderType type = e.enumValue("type", ProviderType.class, null);
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
            String region = null;
            AwsCredentials aws = null;
            if (type == ProviderType.BEDROCK) {
                region = e.requiredText("region");
                if (baseUrl == null && baseUrlEnv == null) {
                    baseUrl = "https://bedrock-runtime." + region + ".amazonaws.com";
                }
                if (keyEnv != null) {
                    throw e.error("api_key_env is not used by type bedrock: name aws_access_key_env and "
                            + "aws_secret_key_env instead");
                }
                aws = awsCredentials(e);
                if (aws == null && disabled == null) {
                    String accessEnv = e.text("aws_access_key_env", null);
                    disabled = (blank(env.apply(accessEnv)) ? accessEnv : e.text("aws_secret_key_env", null))
                            + " is not set";
                }
            } else {
                for (String f : AWS_FIELDS) {
                    if (e.has(f)) {
                        throw e.error(f + " is only allowed for type bedrock");
                    }
                }
            }
            if (type != ProviderType.SIM) {
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
            Entry timeouts = e.child("timeouts");
            Duration connect = Duration.ofMillis(5_000);
            Duration request = Duration.ofMillis(600_000);
            if (timeouts != null) {
                timeouts.onlyFields(Set.of("connect_ms", "request_ms"));
                connect = Duration.ofMillis(timeouts.positiveLong("connect_ms", connect.toMillis()));
                request = Duration.ofMillis(timeouts.positiveLong("request_ms", request.toMillis()));
            }
            SimProfile sim = type == ProviderType.SIM ? sim(e.child("sim"), SimProfile.DEFAULT) : null;
            if (type != ProviderType.SIM && e.has("sim")) {
                throw e.error("sim settings are only allowed for type sim");
            }
            Set<String> regions = Set.copyOf(e.stringList("regions"));
            if (type != ProviderType.AZURE && e.has("api_version")) {
                throw e.error("api_version is only used by type azure");
            }
            String apiVersion = type == ProviderType.AZURE ? e.text("api_version", AZURE_API_VERSION) : null;
            out.put(id, new Provider(id, type, baseUrl, keyEnv, key, headers, connect, request, sim, regions, disabled,
                    region, aws, apiVersion));
            if (enabled.equals(IF_NO_KEYS)) {
                ifNoKeys.put(id, id);
            }
        }
        List<String> realEnabled = out.values().stream()
                .filter(p -> p.enabled() && !ifNoKeys.containsKey(p.id()) && p.type() != ProviderType.SIM)
                .map(Provider::id).toList();
        if (!realEnabled.isEmpty()) {
            for (String id : ifNoKeys.keySet()) {
                Provider p = out.get(id);
                if (p.enabled()) {
                    out.put(id, new Provider(p.id(), p.type(), p.baseUrl(), p.apiKeyEnv(), p.apiKey(), p.headers(),
                            p.connectTimeout(), p.requestTimeout(), p.sim(), p.regions(),
                            "only used when no other provider is enabled (enabled: " + String.join(", ", realEnabled) + ")",
                            p.region(), p.aws(), p.apiVersion()));
                }
            }
        }
        return out;
    }

    private List<Model> models(Entry top, Map<String, Provider> providers) {
        List<Model> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Entry e : top.list("models", true)) {
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
            Entry price = e.child("price");
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
            Entry limits = e.child("limits");
            int rpm = 0;
            int tpm = 0;
            if (limits != null) {
                limits.onlyFields(Set.of("rpm", "tpm"));
                rpm = (int) limits.nonNegativeLong("rpm", 0);
                tpm = (int) limits.nonNegativeLong("tpm", 0);
            }
            Double quality = null;
            Map<String, Double> taskQuality = new LinkedHashMap<>();
            Entry q = e.has("quality") && e.node.get("quality").isObject() ? e.child("quality") : null;
            if (q != null) {
                for (Iterator<String> it = q.node.fieldNames(); it.hasNext();) {
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
            Entry t = e.child("timeouts");
            if (t != null) {
                t.onlyFields(Set.of("first_token_ms", "stall_ms"));
                firstToken = t.has("first_token_ms") ? Duration.ofMillis(t.positiveLong("first_token_ms", 1)) : null;
                stall = t.has("stall_ms") ? Duration.ofMillis(t.positiveLong("stall_ms", 1)) : null;
            }
            SimProfile sim = null;
            if (provider.type() == ProviderType.SIM) {
                sim = sim(e.child("sim"), provider.sim());
            } else if (e.has("sim")) {
                throw e.error("sim settings are only allowed for models of a sim provider");
            }
            out.add(new Model(id, aliases, providerId, e.text("upstream", wildcard ? null : id), in, out2, cached,
                    (int) e.nonNegativeLong("context_window", 0), (int) e.nonNegativeLong("max_output_tokens", 0),
                    caps, e.stringList("tags"), rpm, tpm, quality, Map.copyOf(taskQuality), weight == null ? 1 : weight,
                    sim, firstToken, stall));
        }
        return out;
    }

    /** Bedrock's keys from the variables the entry names; null when a required one is unset. */
    private AwsCredentials awsCredentials(Entry e) {
        String accessEnv = e.requiredText("aws_access_key_env");
        String secretEnv = e.requiredText("aws_secret_key_env");
        String tokenEnv = e.text("aws_session_token_env", null);
        String access = env.apply(accessEnv);
        String secret = env.apply(secretEnv);
        if (blank(access) || blank(secret)) {
            return null;
        }
        // an unset session token variable means long-term keys, not a disabled provider
        String token = tokenEnv == null || blank(env.apply(tokenEnv)) ? null : env.apply(tokenEnv).trim();
        return new AwsCredentials(accessEnv, access.trim(), secret.trim(), token);
    }

    private static SimProfile sim(Entry e, SimProfile base) {
        if (e == null) {
            return base;
        }
        e.onlyFields(SIM_FIELDS);
        double errorRate = e.doubleValue("error_rate", base.errorRate());
        if (errorRate > 1) {
            throw e.error("error_rate must be between 0 and 1, was " + errorRate);
        }
        List<String> kinds = e.has("error_kinds") ? e.stringList("error_kinds") : base.errorKinds();
        for (String k : kinds) {
            if (!SimProfile.ERROR_KINDS.contains(k)) {
                throw e.error("unknown error kind '" + k + "' (known: " + String.join(", ", SimProfile.ERROR_KINDS) + ")");
            }
        }
        double tps = e.doubleValue("tokens_per_second", base.tokensPerSecond());
        if (tps <= 0) {
            throw e.error("tokens_per_second must be > 0, was " + tps);
        }
        return new SimProfile(e.doubleValue("ttft_ms", base.ttftMs()), e.doubleValue("jitter", base.jitter()), tps,
                (int) e.positiveLong("answer_tokens", base.answerTokens()), errorRate, kinds,
                (int) e.nonNegativeLong("capacity", base.capacity()));
    }

    private static String checkUrl(Entry e, String url) {
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

    /** A node with its place in the file, so every error can say where it is. */
    private static final class Entry {
        private final String source;
        private String where;
        private final JsonNode node;

        Entry(String source, String where, JsonNode node) {
            this.source = source;
            this.where = where;
            this.node = node;
        }

        void named(String id) {
            where = where + " (" + id + ")";
        }

        CatalogException error(String what) {
            return new CatalogException(source + ": " + where + ": " + what);
        }

        boolean has(String field) {
            return node.has(field) && !node.get(field).isNull();
        }

        void onlyFields(Set<String> allowed) {
            if (!node.isObject()) {
                throw error("must be a mapping");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw error("unknown field '" + f + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                }
            }
        }

        List<Entry> list(String field, boolean required) {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) {
                if (required) {
                    throw error("'" + field + "' is required");
                }
                return List.of();
            }
            if (!n.isArray()) {
                throw error("'" + field + "' must be a list");
            }
            List<Entry> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                out.add(new Entry(source, field + "[" + i + "]", n.get(i)));
            }
            return out;
        }

        Entry child(String field) {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isObject()) {
                throw error(field + " must be a mapping");
            }
            return new Entry(source, where + ": " + field, n);
        }

        String requiredText(String field) {
            String v = text(field, null);
            if (v == null || v.isBlank()) {
                throw error("'" + field + "' is required");
            }
            return v;
        }

        String text(String field, String dflt) {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) {
                return dflt;
            }
            if (!n.isValueNode() || n.isContainerNode()) {
                throw error(field + " must be a string");
            }
            return n.asText();
        }

        <E extends Enum<E>> E enumValue(String field, Class<E> type, E dflt) {
            String v = dflt == null ? requiredText(field) : text(field, dflt.name());
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw error(field + " '" + v + "' is not one of: " + known(type.getEnumConstants()));
            }
        }

        List<String> stringList(String field) {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) {
                return List.of();
            }
            if (!n.isArray()) {
                throw error(field + " must be a list");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : n) {
                if (!item.isTextual() || item.asText().isBlank()) {
                    throw error(field + " must hold non-empty strings, found '" + item + "'");
                }
                out.add(item.asText());
            }
            return List.copyOf(out);
        }

        Map<String, String> stringMap(String field) {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) {
                return Map.of();
            }
            if (!n.isObject()) {
                throw error(field + " must be a mapping");
            }
            Map<String, String> out = new LinkedHashMap<>();
            n.fields().forEachRemaining(f -> {
                if (!f.getValue().isValueNode()) {
                    throw error(field + "." + f.getKey() + " must be a string");
                }
                out.put(f.getKey(), f.getValue().asText());
            });
            return Map.copyOf(out);
        }

        Double nonNegative(String field) {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isNumber()) {
                throw error(field + " must be a number, was '" + n.asText() + "'");
            }
            if (n.asDouble() < 0) {
                throw error(field + " must be >= 0, was " + n.asText());
            }
            return n.asDouble();
        }

        Double fraction(String field) {
            Double v = nonNegative(field);
            if (v != null && v > 1) {
                throw error(field + " must be between 0 and 1, was " + v);
            }
            return v;
        }

        double doubleValue(String field, double dflt) {
            Double v = nonNegative(field);
            return v == null ? dflt : v;
        }

        long nonNegativeLong(String field, long dflt) {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) {
                return dflt;
            }
            if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                throw error(field + " must be a whole number, was '" + n.asText() + "'");
            }
            if (n.asLong() < 0) {
                throw error(field + " must be >= 0, was " + n.asText());
            }
            return n.asLong();
        }

        long positiveLong(String field, long dflt) {
            long v = nonNegativeLong(field, dflt);
            if (v == 0) {
                throw error(field + " must be > 0");
            }
            return v;
        }
    }

}
