package io.llmrouter.k8s;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.llmrouter.app.Gateway;
import io.llmrouter.app.GatewayOptions;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.ProviderTypes;
import io.llmrouter.state.hazelcast.ClusterSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The k8s/ manifests stay in line with the gateway: its port, probe routes, shipped routes, variables, secrets and
 * catalog.
 */
class KubernetesManifestsMatchTheGatewayTest {

    /** The Camel Main properties of the Hazelcast cluster state, which the Deployment sets as variables. */
    static final List<String> CLUSTER_PROPERTIES = List.of("llmrouter.cluster.enabled", "llmrouter.cluster.name",
            "llmrouter.cluster.kubernetes-service-dns", "llmrouter.cluster.port",
            "llmrouter.cluster.spend-durability");
    static final Path ROUTES = K8sManifests.repositoryRoot().resolve("routes/gateway.yaml");
    /** The shipped route files, each a key of the routes ConfigMap. */
    static final List<String> ROUTE_FILES = List.of("gateway.yaml", "admin.yaml");

    static K8sManifests k8s;

    @BeforeAll
    static void load() throws IOException {
        k8s = K8sManifests.load();
    }

    static Container gateway() {
        return KubernetesManifestsTest.gateway();
    }

    /** The variables the Deployment sets to literal values. */
    static Map<String, String> literalEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : gateway().getEnv()) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    static int portNamed(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("container " + c.getName() + " has no port named " + name))
                .getContainerPort();
    }

    static int probePort(Probe p) {
        IntOrString port = p.getHttpGet().getPort();
        return port.getIntVal() != null ? port.getIntVal() : portNamed(gateway(), port.getStrVal());
    }

    static List<Probe> probes() {
        Container c = gateway();
        return List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe());
    }

    static ConfigMap configMapMountedAt(String path) {
        VolumeMount mount = gateway().getVolumeMounts().stream().filter(m -> path.equals(m.getMountPath()))
                .findFirst().orElseThrow(() -> new AssertionError("nothing is mounted at " + path));
        Volume volume = KubernetesManifestsTest.pod().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getConfigMap()).as("volume " + volume.getName()).isNotNull();
        return k8s.get(ConfigMap.class, volume.getConfigMap().getName());
    }

    static String catalogYaml() {
        Path config = Path.of(literalEnv().get("LLMROUTER_CONFIG"));
        return configMapMountedAt(config.getParent().toString()).getData().get(config.getFileName().toString());
    }

    /** The provider keys' Secret's keys, which the gateway reads with envFrom. */
    static Set<String> secretKeys() {
        return KubernetesManifestsTest.keysOf(k8s.get(Secret.class, KubernetesManifestsTest.PROVIDER_KEYS));
    }

    /** The variable's definition in the gateway container. */
    static EnvVar envVar(String name) {
        return gateway().getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the gateway container does not set " + name));
    }

    /** Whether {@code text} names the variable as a whole word ({@code LLMROUTER_DB_USER}, not a longer name). */
    static boolean names(String text, String variable) {
        return Pattern.compile("(?<![A-Z0-9_])" + Pattern.quote(variable) + "(?![A-Z0-9_])").matcher(text).find();
    }

    @Test
    void containerAndProbePortsAreTheGatewaysDefaultPort() {
        assertThat(portNamed(gateway(), "http")).isEqualTo(GatewayOptions.DEFAULT_PORT);
        assertThat(probes()).allSatisfy(p -> assertThat(probePort(p)).isEqualTo(GatewayOptions.DEFAULT_PORT));
        GatewayOptions options = GatewayOptions.parse(new String[0], literalEnv());
        assertThat(options.port()).isEqualTo(GatewayOptions.DEFAULT_PORT);
    }

    @Test
    void probePathsAreGetRoutesOfTheShippedGatewayRoutes() throws IOException {
        Set<String> getPaths = new TreeSet<>();
        for (JsonNode item : new YAMLMapper().readTree(ROUTES.toFile())) {
            JsonNode from = item.path("route").path("from");
            String uri = from.path("uri").asText("");
            if (uri.startsWith("platform-http:")
                    && from.path("parameters").path("httpMethodRestrict").asText("GET").contains("GET")) {
                getPaths.add(uri.substring("platform-http:".length()));
            }
        }
        assertThat(getPaths).contains("/health", "/ready");
        assertThat(probes()).allSatisfy(p -> assertThat(getPaths).contains(p.getHttpGet().getPath()));
    }

    @Test
    void routesConfigMapIsTheShippedGatewayRoutesByteForByte() throws IOException {
        ConfigMap routes = configMapMountedAt(literalEnv().get("LLMROUTER_ROUTES"));
        assertThat(routes.getData()).containsOnlyKeys(ROUTE_FILES);
        for (String file : ROUTE_FILES) {
            assertThat(routes.getData().get(file).getBytes(UTF_8))
                    .as("k8s/base/routes-configmap.yaml must hold routes/" + file + " unchanged: copy it in, indented by 4")
                    .isEqualTo(Files.readAllBytes(ROUTES.resolveSibling(file)));
        }
    }

    @Test
    void configAndRoutesVariablesNameTheMountedConfigMaps() {
        Map<String, String> env = literalEnv();
        GatewayOptions options = GatewayOptions.parse(new String[0], env);
        assertThat(options.config()).isEqualTo(env.get("LLMROUTER_CONFIG")).startsWith("/");
        assertThat(options.routesDir()).isEqualTo(env.get("LLMROUTER_ROUTES")).startsWith("/");
        assertThat(configMapMountedAt(Path.of(options.config()).getParent().toString()).getMetadata().getName())
                .isEqualTo("llmrouter-catalog");
        assertThat(configMapMountedAt(options.routesDir()).getMetadata().getName()).isEqualTo("llmrouter-routes");
        assertThat(catalogYaml()).isNotBlank();
    }

    @Test
    void everyGatewayVariableIsOneTheGatewayDocuments() throws IOException {
        String readme = Files.readString(K8sManifests.repositoryRoot().resolve("README.md"));
        // literal values and values from a Secret alike
        List<String> names = gateway().getEnv().stream().map(EnvVar::getName)
                .filter(n -> n.startsWith("LLMROUTER_")).toList();
        assertThat(names).contains("LLMROUTER_PORT", "LLMROUTER_CONFIG", "LLMROUTER_ROUTES", "LLMROUTER_HOST",
                "LLMROUTER_MASTER_KEY", "LLMROUTER_DB_URL", "LLMROUTER_DB_USER", "LLMROUTER_DB_PASSWORD");
        for (String name : names) {
            assertThat(names(readme, name)).as("README names " + name).isTrue();
            if (!name.startsWith("LLMROUTER_CLUSTER_")) {
                assertThat(names(GatewayOptions.USAGE, name)).as("GatewayOptions.USAGE names " + name).isTrue();
            }
        }
    }

    @Test
    void gatewayListensBeyondLoopbackInTheContainer() {
        // the gateway's default, 127.0.0.1, would leave the Service and the probes unanswered
        assertThat(literalEnv()).containsEntry("LLMROUTER_HOST", "0.0.0.0");
    }

    @Test
    void masterKeyComesFromTheAdminSecretWhichHoldsIt() {
        EnvVar master = envVar("LLMROUTER_MASTER_KEY");
        assertThat(master.getValue()).as("a master key written in the manifest").isNull();
        SecretKeySelector ref = master.getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo(KubernetesManifestsTest.ADMIN);
        assertThat(ref.getKey()).isEqualTo("LLMROUTER_MASTER_KEY");
        assertThat(ref.getOptional()).as("a missing key must stop the pod, not start it without one")
                .isNotEqualTo(Boolean.TRUE);
        Secret admin = k8s.get(Secret.class, KubernetesManifestsTest.ADMIN);
        assertThat(KubernetesManifestsTest.keysOf(admin)).contains(ref.getKey());
        // and the admin Secret holds only what the gateway takes from it
        Set<String> taken = gateway().getEnv().stream().map(EnvVar::getValueFrom)
                .filter(v -> v != null && v.getSecretKeyRef() != null
                        && v.getSecretKeyRef().getName().equals(KubernetesManifestsTest.ADMIN))
                .map(v -> v.getSecretKeyRef().getKey()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(KubernetesManifestsTest.keysOf(admin)).isEqualTo(taken);
    }

    @Test
    void databaseIsPostgresqlWithItsPasswordFromTheAdminSecret() {
        Map<String, String> env = literalEnv();
        assertThat(env.get("LLMROUTER_DB_URL")).startsWith("jdbc:postgresql://");
        assertThat(env.get("LLMROUTER_DB_USER")).isNotBlank();
        assertThat(env).doesNotContainKeys("LLMROUTER_DB_PASSWORD", "LLMROUTER_MASTER_KEY");
        assertThat(envVar("LLMROUTER_DB_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo(KubernetesManifestsTest.ADMIN);
    }

    @Test
    void clusterVariablesAreTheCamelMainClusterPropertiesPointingAtTheHeadlessService() {
        Map<String, String> byVariable = CLUSTER_PROPERTIES.stream().collect(Collectors.toMap(
                p -> p.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), p -> p));
        Map<String, String> env = literalEnv();
        assertThat(env.keySet().stream().filter(n -> n.startsWith("LLMROUTER_CLUSTER_")))
                .containsExactlyInAnyOrderElementsOf(byVariable.keySet());
        assertThat(env).containsEntry("LLMROUTER_CLUSTER_ENABLED", "true");
        assertThat(env.get("LLMROUTER_CLUSTER_NAME")).isNotBlank();

        Service headless = k8s.get(Service.class, KubernetesManifestsTest.HEADLESS);
        assertThat(env.get("LLMROUTER_CLUSTER_KUBERNETES_SERVICE_DNS"))
                .isEqualTo(headless.getMetadata().getName() + ".$(POD_NAMESPACE).svc.cluster.local");
        EnvVar namespace = gateway().getEnv().stream().filter(e -> e.getName().equals("POD_NAMESPACE")).findFirst()
                .orElseThrow();
        assertThat(namespace.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(gateway().getEnv().indexOf(namespace)).as("$(POD_NAMESPACE) expands only if defined before")
                .isLessThan(gateway().getEnv().stream().map(EnvVar::getName).toList()
                        .indexOf("LLMROUTER_CLUSTER_KUBERNETES_SERVICE_DNS"));

        // the gateway reads them as it would in the pod: a valid embedded member with async spend durability
        ClusterSettings parsed = ClusterSettings.from(k -> env.get(ClusterSettings.environmentName(k)));
        assertThat(parsed.enabled()).isTrue();
        assertThat(parsed.mode()).isEqualTo(ClusterSettings.Mode.EMBEDDED);
        assertThat(parsed.spendDurability()).isEqualTo(ClusterSettings.SpendDurability.ASYNC);

        int port = Integer.parseInt(env.get("LLMROUTER_CLUSTER_PORT"));
        assertThat(port).isEqualTo(5701).isEqualTo(portNamed(gateway(), "hazelcast"))
                .isEqualTo(headless.getSpec().getPorts().get(0).getPort());
    }

    @Test
    void catalogConfigMapLoadsAndServesSimulatedAnswersUntilKeysAreSet() {
        Catalog catalog = new CatalogLoader(Map.<String, String>of()::get)
                .parse("k8s/base/catalog-configmap.yaml", catalogYaml().getBytes(UTF_8));
        assertThat(catalog.providers()).filteredOn(Provider::enabled).extracting(Provider::type)
                .containsExactly(ProviderTypes.SIM);
        assertThat(catalog.deployments()).isNotEmpty();
    }

    @Test
    void secretKeysAreTheApiKeyVariablesOfTheCatalog() {
        Set<String> keys = secretKeys();
        Map<String, String> filledIn = keys.stream().collect(Collectors.toMap(k -> k, k -> "sk-placeholder"));
        Catalog catalog = new CatalogLoader(filledIn::get)
                .parse("k8s/base/catalog-configmap.yaml", catalogYaml().getBytes(UTF_8));
        Set<String> keyVariables = catalog.providers().stream().map(Provider::apiKeyEnv)
                .filter(k -> k != null).collect(Collectors.toCollection(TreeSet::new));
        assertThat(keys).isEqualTo(keyVariables);
        assertThat(catalog.providers()).filteredOn(p -> p.type() != ProviderTypes.SIM)
                .allSatisfy(p -> assertThat(p.enabled()).as(p.id()).isTrue());
    }

    @Test
    void gatewayStartedFromTheMountedConfigMapsAnswersItsProbes(@TempDir Path root) throws Exception {
        // lay the ConfigMaps out as the kubelet mounts them, under a temporary root
        for (VolumeMount m : gateway().getVolumeMounts()) {
            Volume v = KubernetesManifestsTest.pod().getVolumes().stream()
                    .filter(x -> x.getName().equals(m.getName())).findFirst().orElseThrow();
            if (v.getConfigMap() != null) {
                Path dir = Files.createDirectories(root.resolve(m.getMountPath().substring(1)));
                for (Map.Entry<String, String> e : k8s.get(ConfigMap.class, v.getConfigMap().getName()).getData()
                        .entrySet()) {
                    Files.writeString(dir.resolve(e.getKey()), e.getValue());
                }
            }
        }
        Map<String, String> env = literalEnv();
        GatewayOptions options = new GatewayOptions(0, root.resolve(env.get("LLMROUTER_CONFIG").substring(1)).toString(),
                root.resolve(env.get("LLMROUTER_ROUTES").substring(1)).toString(), GatewayOptions.DEFAULT_BODY_LIMIT);
        try (Gateway gateway = new Gateway(options, Map.<String, String>of()::get).start()) {
            HttpClient http = HttpClient.newHttpClient();
            for (Probe p : probes()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + p.getHttpGet().getPath())).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(p.getHttpGet().getPath()).isEqualTo(200);
            }
        }
    }
}
