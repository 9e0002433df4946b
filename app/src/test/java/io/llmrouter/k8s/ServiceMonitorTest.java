package io.llmrouter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/servicemonitor.yaml (the Prometheus Operator's kind, which the fabric8 model lacks: applied on its own, outside
 * the kustomization) scrapes /metrics on the gateway Service's http port with the master key the gateway reads.
 */
class ServiceMonitorTest {

    static final String FILE = "servicemonitor.yaml";

    static K8sManifests k8s;
    static JsonNode monitor;

    @BeforeAll
    static void load() throws IOException {
        k8s = K8sManifests.load();
        monitor = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build()
                .readTree(Files.readAllBytes(k8s.dir().getParent().resolve(FILE)));
    }

    static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void itIsAServiceMonitorWithTheFieldsOfItsApi() {
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.path("kind").asText()).isEqualTo("ServiceMonitor");
        assertThat(fields(monitor)).containsExactlyInAnyOrder("apiVersion", "kind", "metadata", "spec");
        assertThat(fields(monitor.path("spec"))).containsExactlyInAnyOrder("selector", "endpoints");
        assertThat(monitor.path("spec").path("endpoints")).hasSize(1);
        assertThat(fields(monitor.path("spec").path("endpoints").get(0)))
                .containsExactlyInAnyOrder("port", "path", "scheme", "interval", "bearerTokenSecret");
    }

    @Test
    void itSelectsTheGatewayServiceAndScrapesMetricsOnItsHttpPort() {
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        Map<String, String> selector = new YAMLMapper().convertValue(monitor.path("spec").path("selector")
                .path("matchLabels"), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        List<Service> selected = k8s.all(Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
        String port = endpoint.path("port").asText();
        List<String> withPort = selected.stream().filter(s -> s.getSpec().getPorts().stream()
                .map(ServicePort::getName).anyMatch(port::equals)).map(s -> s.getMetadata().getName()).toList();
        assertThat(withPort).as("selected Services with a port named " + port).containsExactly("llmrouter");
    }

    @Test
    void itsBearerTokenIsTheMasterKeyTheGatewayReads() {
        JsonNode secret = monitor.path("spec").path("endpoints").get(0).path("bearerTokenSecret");
        EnvVar master = k8s.only(Deployment.class).getSpec().getTemplate().getSpec().getContainers().stream()
                .flatMap(c -> c.getEnv().stream()).filter(e -> e.getName().equals("LLMROUTER_MASTER_KEY"))
                .findFirst().orElseThrow();
        assertThat(secret.path("name").asText()).isEqualTo(master.getValueFrom().getSecretKeyRef().getName());
        assertThat(secret.path("key").asText()).isEqualTo(master.getValueFrom().getSecretKeyRef().getKey());
        Secret admin = k8s.get(Secret.class, secret.path("name").asText());
        assertThat(admin.getStringData()).containsKey(secret.path("key").asText());
    }
}
