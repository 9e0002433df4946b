package io.llmrouter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

/**
 * The service-mesh recipes of k8s/mesh (Istio, Linkerd; kinds the fabric8 model lacks, so read as YAML) keep to the
 * division they state: they name the gateway's Service, split canaries by weights summing to 100, eject failing pods,
 * and never retry or time out a model call, which the router owns.
 */
class MeshRecipesTest {

    private static Map<String, JsonNode> kinds(String file) throws Exception {
        Map<String, JsonNode> byKind = new HashMap<>();
        YAMLMapper yaml = new YAMLMapper();
        for (String doc : Files.readString(K8sManifests.repositoryRoot().resolve(Path.of("k8s/mesh", file)))
                .split("(?m)^---$")) {
            JsonNode n = yaml.readTree(doc);
            assertThat(n.path("apiVersion").asText()).as(file).isNotEmpty();
            assertThat(byKind.put(n.path("kind").asText(), n)).as("one " + n.path("kind") + " in " + file).isNull();
        }
        return byKind;
    }

    private static String gatewayService() throws Exception {
        return K8sManifests.load().byFile().values().stream().filter(Service.class::isInstance)
                .map(s -> s.getMetadata().getName()).filter(n -> !n.contains("hazelcast")).findFirst().orElseThrow();
    }

    @Test
    void istioSplitsAndEjectsPodsButLeavesModelCallsToTheRouter() throws Exception {
        Map<String, JsonNode> istio = kinds("istio.yaml");
        assertThat(istio).containsOnlyKeys("DestinationRule", "VirtualService");
        JsonNode rule = istio.get("DestinationRule").path("spec");
        assertThat(rule.path("host").asText()).isEqualTo(gatewayService());
        assertThat(rule.path("trafficPolicy").path("outlierDetection").path("consecutive5xxErrors").asInt()).isPositive();
        JsonNode route = istio.get("VirtualService").path("spec").path("http").get(0);
        int weights = 0;
        for (JsonNode d : route.path("route")) {
            weights += d.path("weight").asInt();
            assertThat(rule.path("subsets").findValuesAsText("name")).contains(d.path("destination").path("subset").asText());
        }
        assertThat(weights).isEqualTo(100);
        assertThat(route.path("retries").path("retryOn").asText()).doesNotContain("5xx").doesNotContain("gateway-error");
        assertThat(route.path("timeout").asText()).isEqualTo("0s");
    }

    @Test
    void linkerdNeverRetriesAModelCallAndSplitsACanary() throws Exception {
        Map<String, JsonNode> linkerd = kinds("linkerd.yaml");
        assertThat(linkerd).containsOnlyKeys("ServiceProfile", "HTTPRoute");
        assertThat(linkerd.get("ServiceProfile").path("metadata").path("name").asText())
                .startsWith(gatewayService() + ".");
        for (JsonNode r : linkerd.get("ServiceProfile").path("spec").path("routes")) {
            if (r.path("condition").path("method").asText().equals("POST")) {
                assertThat(r.path("isRetryable").asBoolean()).as(r.path("name").asText()).isFalse();
                assertThat(r.has("timeout")).as(r.path("name").asText()).isFalse();
            }
        }
        JsonNode httpRoute = linkerd.get("HTTPRoute").path("spec");
        assertThat(httpRoute.path("parentRefs").get(0).path("name").asText()).isEqualTo(gatewayService());
        int weights = 0;
        for (JsonNode b : httpRoute.path("rules").get(0).path("backendRefs")) {
            weights += b.path("weight").asInt();
        }
        assertThat(weights).isEqualTo(100);
    }
}
