package io.llmrouter.k8s;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The k8s/ manifests are valid Kubernetes objects and hold the clustered deployment's invariants. */
class KubernetesManifestsTest {

    static final String HEADLESS = "llmrouter-hazelcast";
    static final String PROVIDER_KEYS = "llmrouter-provider-keys";
    static final String ADMIN = "llmrouter-admin";

    static K8sManifests k8s;

    @BeforeAll
    static void load() throws IOException {
        k8s = K8sManifests.load();
    }

    static Deployment deployment() {
        return k8s.only(Deployment.class);
    }

    static PodSpec pod() {
        return deployment().getSpec().getTemplate().getSpec();
    }

    static Container gateway() {
        assertThat(pod().getContainers()).hasSize(1);
        return pod().getContainers().get(0);
    }

    @Test
    void everyManifestParsesIntoATypedObjectOfTheKubernetesModel() {
        assertThat(k8s.byFile().values()).extracting(r -> r.getClass().getSimpleName())
                .containsExactlyInAnyOrder("Secret", "Secret", "ConfigMap", "ConfigMap", "Deployment", "Service",
                        "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy");
        assertThat(k8s.byFile().values()).extracting(r -> r.getMetadata().getName())
                .allMatch(n -> n.startsWith("llmrouter"));
        assertThat(k8s.byFile().values()).extracting(r -> r.getKind() + "/" + r.getMetadata().getName())
                .doesNotHaveDuplicates();
    }

    @Test
    void kustomizationListsEveryManifestOfTheDirectory() throws IOException {
        try (Stream<Path> files = Files.list(k8s.dir())) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .filter(f -> !f.equals(K8sManifests.KUSTOMIZATION))
                    .filter(f -> !ServiceMonitorTest.FILE.equals(f)))
                    .containsExactlyInAnyOrderElementsOf(k8s.files());
        }
    }

    @Test
    void aMisspelledFieldFailsTheParse() {
        assertThatThrownBy(() -> K8sManifests.parse("bad.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: x }
                spec:
                  replica: 3
                """.getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.yaml")
                .hasMessageContaining("replica");
    }

    @Test
    void aMisspelledFieldDeepInThePodTemplateFailsTheParse() throws IOException {
        String good = Files.readString(k8s.dir().resolve("deployment.yaml"));
        String bad = good.replace("readOnlyRootFilesystem:", "readOnlyRootFileSystem:");
        assertThat(bad).isNotEqualTo(good);
        assertThatThrownBy(() -> K8sManifests.parse("deployment.yaml", bad.getBytes(UTF_8)))
                .hasMessageContaining("readOnlyRootFileSystem");
    }

    @Test
    void aValueOfTheWrongTypeFailsTheParse() {
        assertThatThrownBy(() -> K8sManifests.parse("bad.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: x }
                spec:
                  replicas: three
                """.getBytes(UTF_8)))
                .hasMessageContaining("bad.yaml").hasMessageContaining("three");
    }

    @Test
    void anUnknownKindOrApiVersionFailsTheParse() {
        assertThatThrownBy(() -> K8sManifests.parse("bad.yaml", """
                apiVersion: apps/v1
                kind: Deploymnet
                metadata: { name: x }
                """.getBytes(UTF_8)))
                .hasMessageContaining("kind 'Deploymnet' is not a kind of the Kubernetes model");
        assertThatThrownBy(() -> K8sManifests.parse("bad.yaml", """
                apiVersion: autoscaling/v3
                kind: HorizontalPodAutoscaler
                metadata: { name: x }
                """.getBytes(UTF_8)))
                .hasMessageContaining("apiVersion 'autoscaling/v3'");
    }

    @Test
    void aDuplicateKeyFailsTheParse() {
        assertThatThrownBy(() -> K8sManifests.parse("bad.yaml", """
                apiVersion: v1
                kind: Service
                metadata: { name: x }
                spec:
                  clusterIP: None
                  clusterIP: 10.0.0.1
                """.getBytes(UTF_8)))
                .hasMessageContaining("clusterIP");
    }

    @Test
    void deploymentRunsThreeReplicasSelectedByItsOwnPodLabels() {
        Deployment d = deployment();
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    }

    @Test
    void readinessProbesReadyAndLivenessProbesHealth() {
        Container c = gateway();
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
    }

    @Test
    void gatewayContainerSetsCpuAndMemoryRequestsNoHigherThanItsLimits() {
        ResourceRequirements r = gateway().getResources();
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = r.getRequests().get(resource);
            Quantity limit = r.getLimits().get(resource);
            assertThat(request).as("request " + resource).isNotNull();
            assertThat(limit).as("limit " + resource).isNotNull();
            assertThat(Quantity.getAmountInBytes(request)).as(resource)
                    .isGreaterThan(BigDecimal.ZERO).isLessThanOrEqualTo(Quantity.getAmountInBytes(limit));
        }
    }

    @Test
    void gatewayRunsAsANumericNonRootUserWithAReadOnlyRootFilesystemAndNoCapabilities() {
        PodSecurityContext podContext = pod().getSecurityContext();
        assertThat(podContext.getRunAsNonRoot()).isTrue();
        assertThat(podContext.getRunAsUser()).isPositive();
        SecurityContext s = gateway().getSecurityContext();
        assertThat(s.getRunAsNonRoot()).isTrue();
        assertThat(s.getRunAsUser()).isPositive();
        assertThat(s.getReadOnlyRootFilesystem()).isTrue();
        assertThat(s.getAllowPrivilegeEscalation()).isFalse();
        assertThat(s.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(s.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(s.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(pod().getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void tmpIsAWritableEmptyDirBecauseTheRootFilesystemIsReadOnly() {
        Volume tmp = pod().getVolumes().stream().filter(v -> v.getEmptyDir() != null).findFirst().orElseThrow();
        assertThat(gateway().getVolumeMounts())
                .anySatisfy(m -> {
                    assertThat(m.getName()).isEqualTo(tmp.getName());
                    assertThat(m.getMountPath()).isEqualTo("/tmp");
                    assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
                });
    }

    @Test
    void hazelcastServiceIsHeadlessAndPublishesPodsBeforeTheyAreReady() {
        Service s = k8s.get(Service.class, HEADLESS);
        assertThat(s.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(s.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(s.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(5701);
            assertThat(containerPort(p)).isEqualTo(5701);
        });
    }

    @Test
    void clientServiceMapsPort80ToTheGatewaysHttpPort() {
        Service s = k8s.get(Service.class, "llmrouter");
        assertThat(s.getSpec().getClusterIP()).isNull();
        assertThat(s.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(containerPort(p)).isEqualTo(8080);
        });
    }

    @Test
    void servicesAndTheDisruptionBudgetSelectTheGatewayPods() {
        Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();
        for (Service s : k8s.all(Service.class)) {
            assertThat(s.getSpec().getSelector()).as(s.getMetadata().getName()).isNotEmpty();
            assertThat(podLabels).as(s.getMetadata().getName()).containsAllEntriesOf(s.getSpec().getSelector());
        }
        PodDisruptionBudget pdb = k8s.only(PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void disruptionBudgetKeepsTwoGatewaysAvailable() {
        PodDisruptionBudget pdb = k8s.only(PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
        assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
    }

    @Test
    void autoscalerScalesTheDeploymentOnCpuFromThreeToTen() {
        HorizontalPodAutoscaler hpa = k8s.only(HorizontalPodAutoscaler.class);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment().getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3).isEqualTo(deployment().getSpec().getReplicas());
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        assertThat(hpa.getSpec().getMetrics()).extracting(MetricSpec::getType).containsExactly("Resource");
        MetricSpec cpu = hpa.getSpec().getMetrics().get(0);
        assertThat(cpu.getResource().getName()).isEqualTo("cpu");
        assertThat(cpu.getResource().getTarget().getType()).isEqualTo("Utilization");
        assertThat(cpu.getResource().getTarget().getAverageUtilization()).isBetween(1, 100);
    }

    @Test
    void deploymentReferencesOnlyConfigMapsAndSecretsThatAreDeployedWithIt() {
        List<String> configMaps = k8s.all(ConfigMap.class).stream().map(c -> c.getMetadata().getName()).toList();
        List<String> secrets = k8s.all(Secret.class).stream().map(c -> c.getMetadata().getName()).toList();
        assertThat(pod().getVolumes()).filteredOn(v -> v.getConfigMap() != null).hasSize(2)
                .allSatisfy(v -> assertThat(configMaps).contains(v.getConfigMap().getName()));
        assertThat(gateway().getEnvFrom()).isNotEmpty()
                .allSatisfy(e -> assertThat(secrets).contains(e.getSecretRef().getName()));
        // a variable taken from a Secret names one deployed here, and a key that Secret holds
        List<SecretKeySelector> refs = gateway().getEnv().stream().map(EnvVar::getValueFrom)
                .filter(v -> v != null && v.getSecretKeyRef() != null).map(EnvVarSource::getSecretKeyRef).toList();
        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(keysOf(k8s.get(Secret.class, ref.getName())))
                .as(ref.getName()).contains(ref.getKey()));
    }

    @Test
    void secretTemplatesHoldNoValues() {
        assertThat(k8s.all(Secret.class)).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder(PROVIDER_KEYS, ADMIN);
        for (Secret s : k8s.all(Secret.class)) {
            assertThat(s.getData()).as(s.getMetadata().getName()).isNullOrEmpty();
            assertThat(s.getStringData()).as(s.getMetadata().getName()).isNotEmpty()
                    .allSatisfy((k, v) -> assertThat(v).as(k).isEmpty());
        }
    }

    @Test
    void networkPolicySelectsTheGatewayPodsAndRestrictsTheirIngress() {
        NetworkPolicy np = k8s.only(NetworkPolicy.class);
        LabelSelector selected = np.getSpec().podSelector();
        assertThat(selected.getMatchLabels()).isNotEmpty();
        assertThat(selected.getMatchExpressions()).isNullOrEmpty();
        assertThat(podLabels()).containsAllEntriesOf(selected.getMatchLabels());
        assertThat(np.getSpec().policyTypes()).contains("Ingress");
    }

    @Test
    void onlyGatewayPodsReachHazelcast() {
        int hazelcast = KubernetesManifestsMatchTheGatewayTest.portNamed(gateway(), "hazelcast");
        assertThat(hazelcast).isEqualTo(5701);
        assertOnlyGatewayPodsReach(k8s.all(NetworkPolicy.class), hazelcast);
    }

    @Test
    void httpPortStaysReachable() {
        int http = KubernetesManifestsMatchTheGatewayTest.portNamed(gateway(), "http");
        assertThat(k8s.all(NetworkPolicy.class)).flatMap(np -> rulesAdmitting(np, http)).isNotEmpty();
    }

    @Test
    void hazelcastCheckFailsAPolicyThatLetsOtherNamespacesOrAnySourceIn() {
        Map<String, String> badIngress = Map.of(
                "pods of any namespace", """
                        - from:
                            - podSelector: { matchLabels: { app.kubernetes.io/name: camel-llmrouter,
                                                             app.kubernetes.io/component: gateway } }
                              namespaceSelector: {}
                          ports: [ { port: 5701 } ]""",
                "any pod of the namespace", """
                        - from: [ { podSelector: {} } ]
                          ports: [ { port: 5701 } ]""",
                "anywhere, by port name", """
                        - ports: [ { port: hazelcast } ]""",
                "anywhere, by port range", """
                        - ports: [ { protocol: TCP, port: 5000, endPort: 6000 } ]""",
                "anywhere, every port", """
                        - {}""");
        badIngress.forEach((what, ingress) -> {
            NetworkPolicy np = (NetworkPolicy) K8sManifests.parse(what, ("""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: { name: x }
                    spec:
                      podSelector: { matchLabels: { app.kubernetes.io/name: camel-llmrouter } }
                      ingress:
                    """ + ingress.indent(2)).getBytes(UTF_8));
            assertThatThrownBy(() -> assertOnlyGatewayPodsReach(List.of(np), 5701)).as(what)
                    .isInstanceOf(AssertionError.class);
        });
    }

    @Test
    void everyResourceCarriesTheGatewayLabels() {
        for (HasMetadata r : k8s.byFile().values()) {
            assertThat(r.getMetadata().getLabels()).as(r.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/name", "camel-llmrouter");
        }
    }

    static Map<String, String> podLabels() {
        return deployment().getSpec().getTemplate().getMetadata().getLabels();
    }

    static Set<String> keysOf(Secret s) {
        Set<String> keys = new TreeSet<>();
        if (s.getStringData() != null) {
            keys.addAll(s.getStringData().keySet());
        }
        if (s.getData() != null) {
            keys.addAll(s.getData().keySet());
        }
        return keys;
    }

    /**
     * Every ingress rule of the policies selecting the gateway pods that admits TCP to {@code port} admits only pods
     * of this namespace that carry the gateway's labels (a rule without {@code from}, a namespaceSelector or an
     * ipBlock would admit others), and at least one does, so the members still reach each other.
     */
    static void assertOnlyGatewayPodsReach(List<NetworkPolicy> policies, int port) {
        Map<String, String> gatewaySelector = deployment().getSpec().getSelector().getMatchLabels();
        List<NetworkPolicy.IngressRule> rules = policies.stream()
                .filter(np -> podLabels().entrySet().containsAll(
                        np.getSpec().podSelector().getMatchLabels().entrySet()))
                .flatMap(np -> rulesAdmitting(np, port).stream()).toList();
        assertThat(rules).as("rules admitting port " + port).isNotEmpty();
        for (NetworkPolicy.IngressRule rule : rules) {
            assertThat(rule.from()).as("port " + port + " from anywhere").isNotEmpty();
            for (NetworkPolicy.Peer peer : rule.from()) {
                assertThat(peer.ipBlock()).as("port " + port + " from an ipBlock").isNull();
                assertThat(peer.namespaceSelector()).as("port " + port + " from other namespaces").isNull();
                assertThat(peer.podSelector()).as("port " + port + " from a peer without podSelector").isNotNull();
                assertThat(peer.podSelector().getMatchExpressions()).isNullOrEmpty();
                // every pod it admits is a gateway pod, and the gateway pods are admitted
                assertThat(peer.podSelector().getMatchLabels()).as("port " + port + " from pods selected by")
                        .containsAllEntriesOf(gatewaySelector);
                assertThat(podLabels()).containsAllEntriesOf(peer.podSelector().getMatchLabels());
            }
        }
    }

    /** The ingress rules of a policy that admit TCP traffic to the gateway container's {@code port}. */
    static List<NetworkPolicy.IngressRule> rulesAdmitting(NetworkPolicy np, int port) {
        List<NetworkPolicy.IngressRule> ingress = np.getSpec().ingress() == null ? List.of() : np.getSpec().ingress();
        return ingress.stream().filter(r -> r.ports() == null || r.ports().isEmpty()
                || r.ports().stream().anyMatch(p -> covers(p, port))).toList();
    }

    private static boolean covers(NetworkPolicy.Port p, int port) {
        if (p.protocol() != null && !p.protocol().equals("TCP")) {
            return false;
        }
        if (p.port() == null) {
            return true;
        }
        if (p.port().getIntVal() == null) {
            // a named port is the pod's container port of that name
            return gateway().getPorts().stream().anyMatch(c -> p.port().getStrVal().equals(c.getName())
                    && c.getContainerPort() == port);
        }
        int first = p.port().getIntVal();
        int last = p.endPort() == null ? first : p.endPort();
        return first <= port && port <= last;
    }

    /** The container port a service port reaches, by number or by the container port's name. */
    static int containerPort(ServicePort p) {
        if (p.getTargetPort().getIntVal() != null) {
            return p.getTargetPort().getIntVal();
        }
        return KubernetesManifestsMatchTheGatewayTest.portNamed(gateway(), p.getTargetPort().getStrVal());
    }
}
