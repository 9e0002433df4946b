package io.llmrouter.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/**
 * The region overlays of k8s/regions build with kustomize (kubectl's own) into the shared manifests plus each region's
 * name, public Service and DNS record: one host name for all regions, a set identifier each. Under CI a missing
 * kubectl fails the test (.ci/run installs one); elsewhere it skips.
 */
class RegionOverlaysTest {

    private static final List<String> REGIONS = List.of("eu-west", "us-east");

    private static List<HasMetadata> build(String dir) throws Exception {
        Path root = K8sManifests.repositoryRoot();
        Process p = new ProcessBuilder("kubectl", "kustomize", root.resolve(dir).toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize " + dir).isZero();
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : new String(out, StandardCharsets.UTF_8).split("(?m)^---$")) {
            if (!doc.isBlank()) {
                objects.add(K8sManifests.parse(dir, doc.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return objects;
    }

    private static boolean kubectl() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).reduce((a, b) -> {
            throw new AssertionError("more than one " + type.getSimpleName());
        }).orElseThrow();
    }

    @Test
    void eachRegionIsTheSharedManifestsWithItsNameServiceAndDnsRecord() throws Exception {
        assumeTrue(kubectl() || System.getenv("CI") != null, "kubectl is not installed");
        List<HasMetadata> shared = build("k8s");
        assertThat(shared).hasSize(K8sManifests.load().files().size());
        Set<String> identifiers = new HashSet<>();
        for (String region : REGIONS) {
            List<HasMetadata> objects = build("k8s/regions/" + region);
            assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(shared.stream()
                            .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());

            var containers = only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers();
            assertThat(containers).as("the patch names the shared container").hasSize(1);
            List<EnvVar> env = containers.get(0).getEnv();
            assertThat(env).filteredOn(e -> e.getName().equals("LLMROUTER_REGION")).singleElement()
                    .satisfies(e -> assertThat(e.getValue()).isEqualTo(region));
            assertThat(env).as("the shared settings are kept").extracting(EnvVar::getName)
                    .contains("LLMROUTER_HOST", "LLMROUTER_MASTER_KEY", "LLMROUTER_DB_URL");

            Service service = objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
                    .filter(s -> s.getMetadata().getName().equals("llmrouter")).findFirst().orElseThrow();
            assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
            Map<String, String> dns = service.getMetadata().getAnnotations();
            assertThat(dns).containsEntry("external-dns.alpha.kubernetes.io/hostname", "llm.example.com")
                    .containsKey("external-dns.alpha.kubernetes.io/aws-region");
            identifiers.add(dns.get("external-dns.alpha.kubernetes.io/set-identifier"));
        }
        assertThat(identifiers).containsExactlyInAnyOrderElementsOf(REGIONS);
    }

    @Test
    void theAnycastExampleIsValidYaml() throws Exception {
        Path file = K8sManifests.repositoryRoot().resolve("k8s/regions/anycast/metallb-bgp.yaml");
        List<String> kinds = new ArrayList<>();
        for (String doc : Files.readString(file).split("(?m)^---$")) {
            kinds.add(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(doc).path("kind").asText());
        }
        assertThat(kinds).containsExactly("IPAddressPool", "BGPAdvertisement");
    }
}
