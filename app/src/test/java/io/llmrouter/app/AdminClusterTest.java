package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** A single gateway answers GET /admin/cluster as a standalone member with every deployment of its catalog. */
class AdminClusterTest extends GatewayTestSupport {

    @Test
    void aSingleNodeReportsItselfStandaloneWithEveryDeploymentsHealth() throws Exception {
        post("/v1/chat/completions", chat("model-a", null));

        HttpResponse<String> r = get("/admin/cluster");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("mode").asText()).isEqualTo("standalone");
        assertThat(body.path("members")).hasSize(1);
        assertThat(body.path("members").get(0).path("local").asBoolean()).isTrue();
        JsonNode deployments = body.path("deployments");
        assertThat(deployments.size()).isEqualTo(gateway.catalog().deployments().size());
        JsonNode first = deployments.get(0);
        assertThat(first.path("breaker").asText()).isEqualTo("CLOSED");
        assertThat(first.has("peakEwmaMs")).isTrue();
        assertThat(first.has("inFlight")).isTrue();
        assertThat(first.has("spendUsd")).isTrue();
        assertThat(first.path("available").isBoolean()).isTrue();
    }
}
