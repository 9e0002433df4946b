package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.llmrouter.api.Json;
import io.llmrouter.state.hazelcast.ClusterSettings;
import io.llmrouter.state.hazelcast.TestMembers;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code llmrouter.cluster.mode=client} through the gateway: it joins no cluster as a member, connects to a separate
 * Hazelcast member (started here), keeps its spend and rate windows there, and reports it in {@code /admin/cluster}.
 * The kept answers' map there is bounded by the component's {@code cacheMaxEntries}.
 */
class ClientModeGatewayTest {

    static FakeOpenAiUpstream upstream;
    static HazelcastInstance member;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        upstream.on("up-priced", Behavior.text("answer"));
        upstream.on("up-metered", Behavior.text("answer"));
        ClusterSettings cluster = TestMembers.settings(1);
        member = TestMembers.start(cluster, 23);
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: priced, provider: fake, upstream: up-priced, price: { input: 1.0, output: 2.0 } }
                  - { id: metered, provider: fake, upstream: up-metered, limits: { rpm: 2 } }
                """.formatted(upstream.baseUrl()), Map.of("llmrouter.cluster.enabled", "true",
                "llmrouter.cluster.name", cluster.name(), "llmrouter.cluster.mode", "client",
                "llmrouter.cluster.client-addresses", cluster.members().get(0),
                "camel.component.llm.cache-max-entries", "500"), null);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        member.shutdown();
        Hazelcast.shutdownAll();
        upstream.close();
    }

    @Test
    void spendAndRateWindowsLiveOnTheExternalCluster() throws Exception {
        HttpResponse<String> r = gw.chat(GatewayFixture.body(false, "priced"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        BigDecimal billed = new BigDecimal(r.headers().firstValue("x-llmrouter-cost-usd").orElseThrow());
        assertThat(billed).isPositive();

        // the member holds the ledger; the gateway, a client, holds nothing
        assertThat(member.getMap("llmrouter.spend").size()).isEqualTo(1);
        JsonNode view = Json.MAPPER.readTree(gw.http().send(HttpRequest.newBuilder(
                URI.create(gw.url("/admin/cluster"))).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(view.path("mode").asText()).isEqualTo("cluster");
        assertThat(view.path("members")).hasSize(1);
        JsonNode priced = null;
        for (JsonNode d : view.path("deployments")) {
            priced = d.path("id").asText().equals("priced") ? d : priced;
        }
        assertThat(priced).isNotNull();
        assertThat(BigDecimal.valueOf(priced.path("spendUsd").asDouble()).setScale(8, RoundingMode.HALF_UP))
                .isEqualTo(billed);

        // rpm 2, counted on the member: the third request in the minute finds no headroom
        assertThat(gw.chat(GatewayFixture.body(false, "metered")).statusCode()).isEqualTo(200);
        assertThat(gw.chat(GatewayFixture.body(false, "metered")).statusCode()).isEqualTo(200);
        HttpResponse<String> third = gw.chat(GatewayFixture.body(false, "metered"));
        assertThat(third.statusCode()).as(third.body()).isEqualTo(503);
        assertThat(member.getMap("llmrouter.rate").containsKey("metered")).isTrue();
    }

    @Test
    void theComponentsCacheBoundAlsoBoundsTheClustersMapOfKeptAnswers() {
        assertThat(member.getConfig().getMapConfig("llmrouter-responses").getEvictionConfig().getSize())
                .isEqualTo(500);
    }
}
