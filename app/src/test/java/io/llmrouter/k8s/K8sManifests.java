package io.llmrouter.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;

/**
 * The {@code k8s/} manifests, parsed strictly into the fabric8 Kubernetes model: the kind must be one the model knows,
 * and a field the model does not have, a wrongly typed value or a duplicate key fails the parse (fabric8 would
 * otherwise keep unknown fields aside in {@code additionalProperties}, as a lenient API server would drop them).
 */
final class K8sManifests {

    static final String KUSTOMIZATION = "kustomization.yaml";

    private static final YAMLMapper STRICT = strictMapper();
    private static final KubernetesDeserializer KINDS = kinds();

    private final Path dir;
    private final List<String> files;
    private final Map<String, HasMetadata> byFile;

    private K8sManifests(Path dir, List<String> files, Map<String, HasMetadata> byFile) {
        this.dir = dir;
        this.files = files;
        this.byFile = byFile;
    }

    /** Every manifest the kustomization lists, parsed. */
    static K8sManifests load() throws IOException {
        Path dir = repositoryRoot().resolve("k8s").resolve("base");
        JsonNode kustomization = STRICT.readTree(Files.readAllBytes(dir.resolve(KUSTOMIZATION)));
        List<String> files = new ArrayList<>();
        kustomization.path("resources").forEach(r -> files.add(r.asText()));
        Map<String, HasMetadata> byFile = new LinkedHashMap<>();
        for (String file : files) {
            byFile.put(file, parse(file, Files.readAllBytes(dir.resolve(file))));
        }
        return new K8sManifests(dir, List.copyOf(files), byFile);
    }

    /** The repository's top directory (Surefire runs in app/). */
    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("k8s")) ? here : here.getParent();
    }

    /**
     * One manifest file: exactly one YAML document of a kind the model knows, with only the fields the model has.
     *
     * @throws IllegalArgumentException naming the source and what is wrong
     */
    static HasMetadata parse(String source, byte[] yaml) {
        List<JsonNode> docs;
        try {
            docs = STRICT.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        docs.removeIf(d -> d == null || d.isNull() || d.isMissingNode());
        if (docs.size() != 1) {
            throw new IllegalArgumentException(source + ": holds " + docs.size() + " documents, expected one resource");
        }
        JsonNode doc = docs.get(0);
        String apiVersion = doc.path("apiVersion").asText(null);
        String kind = doc.path("kind").asText(null);
        Class<? extends KubernetesResource> type = apiVersion == null || kind == null ? null
                : KINDS.getRegisteredKind(apiVersion, kind);
        if (type == null || type == GenericKubernetesResource.class || !HasMetadata.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(source + ": apiVersion '" + apiVersion + "', kind '" + kind
                    + "' is not a kind of the Kubernetes model");
        }
        try {
            return (HasMetadata) STRICT.treeToValue(doc, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not a valid " + kind + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    /** The kustomization's resources, in its order. */
    List<String> files() {
        return files;
    }

    Map<String, HasMetadata> byFile() {
        return byFile;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return byFile.values().stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + type.getSimpleName() + " named " + name));
    }

    <T extends HasMetadata> T only(Class<T> type) {
        List<T> all = all(type);
        if (all.size() != 1) {
            throw new NoSuchElementException("expected one " + type.getSimpleName() + ", found " + all.size());
        }
        return all.get(0);
    }

    private static KubernetesDeserializer kinds() {
        KubernetesDeserializer kinds = new KubernetesDeserializer();
        // a kind of the API that the fabric8 models in the build lack
        kinds.registerKubernetesResource(NetworkPolicy.class);
        return kinds;
    }

    private static YAMLMapper strictMapper() {
        SimpleModule noAnySetter = new SimpleModule("no-additional-properties");
        noAnySetter.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                                                         BeanDeserializerBuilder builder) {
                // the model's @JsonAnySetter would swallow misspelt fields; without it they are unknown properties
                builder.setAnySetter(null);
                return builder;
            }
        });
        YAMLMapper mapper = YAMLMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        mapper.registerModule(noAnySetter);
        return mapper;
    }
}
