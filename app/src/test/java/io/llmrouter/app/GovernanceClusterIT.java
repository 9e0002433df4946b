package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.governance.PostgresTestServer;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three shaded-jar gateways, one Hazelcast cluster, one PostgreSQL database: a key's budget holds across all of them
 * under concurrent callers, a SIGKILL loses no spend a caller was billed for, and keys and spend outlive a stop of
 * every node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernanceClusterIT {

    private static final Path LOGS = Path.of("target", "governance-it");
    private static final String MASTER = "governance-it-master-key-0123456789";
    private static final String CLUSTER = "llmrouter-gov-" + UUID.randomUUID().toString().substring(0, 8);
    /** 10 prompt tokens at $1/M and 3 completion tokens at $2/M: what the fake upstream bills for one answer. */
    private static final BigDecimal ONE_ANSWER = new BigDecimal("0.00001600");
    /** The reservation of one request: a token per prompt character plus overhead, and max_tokens 3 of output. */
    private static final String PROMPT = "hello there, how are you";
    private static final BigDecimal BUDGET = ONE_ANSWER.multiply(BigDecimal.valueOf(40));

    private static PostgresTestServer postgres;
    private static String database;
    private static FakeOpenAiUpstream upstream;
    private static Path catalog;
    private static final int[] clusterPorts = new int[3];
    private static final List<GatewayNode> nodes = new ArrayList<>();
    private static String budgetedKeyId;
    private static String budgetedKey;
    private static JsonNode spendBeforeStop;

    @BeforeAll
    static void startThreeNodes() throws Exception {
        postgres = PostgresTestServer.fromEnvironment();
        database = postgres.createDatabase();
        Files.createDirectories(LOGS);
        upstream = FakeOpenAiUpstream.start();
        // a little latency, so that many requests hold reservations at once
        upstream.on("up-priced", Behavior.delayed(30, Behavior.text("one two three")));
        catalog = Files.writeString(LOGS.resolve("catalog.yaml"), """
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: priced, provider: fake, upstream: up-priced, price: { input: 1.0, output: 2.0 } }
                """.formatted(upstream.baseUrl()));
        for (int i = 0; i < clusterPorts.length; i++) {
            clusterPorts[i] = freePort();
        }
        startNodes("");
    }

    private static void startNodes(String generation) throws Exception {
        nodes.clear();
        String members = "127.0.0.1:" + clusterPorts[0] + ",127.0.0.1:" + clusterPorts[1] + ",127.0.0.1:"
                         + clusterPorts[2];
        for (int i = 0; i < 3; i++) {
            Map<String, String> env = new HashMap<>(GatewayNode.clusterEnvironment(CLUSTER, clusterPorts[i], members));
            env.put("FAKE_KEY", "sk-test-governance");
            env.put("LLMROUTER_MASTER_KEY", MASTER);
            env.put("LLMROUTER_DB_URL", postgres.url(database, null));
            env.put("LLMROUTER_DB_USER", postgres.user);
            env.put("LLMROUTER_DB_PASSWORD", postgres.password);
            nodes.add(GatewayNode.launch("node" + i + generation, LOGS, catalog, List.of(), env));
        }
        for (GatewayNode n : nodes) {
            n.awaitListening();
        }
        for (GatewayNode n : nodes) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(n.cluster(MASTER).path("members")).as(n.name).hasSize(3));
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (GatewayNode n : nodes) {
            n.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (upstream != null) {
            upstream.close();
        }
        if (database != null) {
            postgres.dropDatabase(database);
        }
    }

    @Test
    @Order(1)
    void concurrentCallersOnThreeNodesNeverTakeABudgetBeyondItsLimit() throws Exception {
        JsonNode key = admin(nodes.get(0), "POST", "/admin/keys",
                "{\"name\":\"shared-budget\",\"budget\":{\"usd\":" + BUDGET + ",\"period\":\"month\",\"hard\":true}}");
        budgetedKeyId = key.path("id").asText();
        budgetedKey = key.path("key").asText();

        BigDecimal billed = BigDecimal.ZERO;
        int answered = 0;
        int refused = 0;
        for (int round = 0; round < 30; round++) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                sent.add(nodes.get(i % 3).send(chat(budgetedKey)));
            }
            int answeredNow = 0;
            for (CompletableFuture<HttpResponse<String>> f : sent) {
                HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    answeredNow++;
                    billed = billed.add(new BigDecimal(r.headers().firstValue("x-llmrouter-cost-usd").orElseThrow()));
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                    assertThat(Json.MAPPER.readTree(r.body()).path("error").path("code").asText())
                            .isEqualTo("budget_exceeded");
                    refused++;
                }
            }
            answered += answeredNow;
            if (answeredNow == 0) {
                break;
            }
        }

        System.out.printf("GovernanceClusterIT: budget %s over 3 nodes: %d answered, %d refused, %s billed%n", BUDGET,
                answered, refused, billed);
        assertThat(refused).isPositive();
        assertThat(billed).isLessThanOrEqualTo(BUDGET);
        // used up: what is left is less than one request's reservation
        BigDecimal worst = BigDecimal.valueOf((PROMPT.length() + 6) * 1.0 / 1_000_000 + 3 * 2.0 / 1_000_000);
        assertThat(BUDGET.subtract(billed)).isLessThan(worst);
        // the ledger in the database holds exactly what the callers were billed, whichever node answered them
        JsonNode line = spendLine(nodes.get(2), budgetedKeyId);
        assertThat(line.path("requests").asInt()).isEqualTo(answered);
        assertThat(billedPrecision(line)).isEqualByComparingTo(billed);
    }

    @Test
    @Order(2)
    void aKilledNodeLosesNoSpendACallerWasBilledFor() throws Exception {
        JsonNode made = admin(nodes.get(0), "POST", "/admin/keys", "{\"name\":\"under-kill\"}");
        String key = made.path("key").asText();
        String id = made.path("id").asText();
        GatewayNode victim = nodes.get(2);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            sent.add(nodes.get(i % 3).send(chat(key)));
            if (i == 45) {
                victim.process.destroyForcibly();
            }
        }
        assertThat(victim.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        BigDecimal billed = BigDecimal.ZERO;
        int answered = 0;
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            try {
                HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    answered++;
                    billed = billed.add(new BigDecimal(r.headers().firstValue("x-llmrouter-cost-usd").orElseThrow()));
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // a request the killed node held: no answer, so nothing billed to the caller
            }
        }

        JsonNode line = spendLine(nodes.get(0), id);
        System.out.printf("GovernanceClusterIT: kill -9 under load: %d answered, %s billed, ledger %s%n", answered,
                billed, line.path("usd").asText());
        assertThat(answered).isGreaterThan(45);
        // every billed answer is in the ledger; it may hold more (answers committed but cut off by the kill)
        assertThat(billedPrecision(line)).isGreaterThanOrEqualTo(billed);
        assertThat(line.path("requests").asInt()).isGreaterThanOrEqualTo(answered);
    }

    @Test
    @Order(3)
    void keysBudgetsAndSpendOutliveAStopOfEveryNode() throws Exception {
        spendBeforeStop = admin(nodes.get(0), "GET", "/admin/spend?by=key", null);
        for (GatewayNode n : nodes) {
            if (n.process.isAlive()) {
                n.process.destroy(); // SIGTERM: a graceful stop
            }
        }
        for (GatewayNode n : nodes) {
            assertThat(n.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        startNodes("-restarted");

        assertThat(admin(nodes.get(1), "GET", "/admin/spend?by=key", null).path("data"))
                .isEqualTo(spendBeforeStop.path("data"));
        // the budget used up before the stop is still used up: its counter starts again from the ledger
        HttpResponse<String> r = nodes.get(2).send(chat(budgetedKey)).get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.body()).contains("budget_exceeded");
        String fresh = admin(nodes.get(1), "POST", "/admin/keys", "{\"name\":\"after-restart\"}").path("key")
                .asText();
        assertThat(nodes.get(0).send(chat(fresh)).get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static HttpRequest.Builder chat(String key) {
        return HttpRequest.newBuilder(URI.create("http://x/v1/chat/completions")).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"priced\",\"max_tokens\":3,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}"));
    }

    private static JsonNode admin(GatewayNode node, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://x" + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + MASTER).header("content-type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = node.send(b).get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
        return Json.MAPPER.readTree(r.body());
    }

    private static JsonNode spendLine(GatewayNode node, String keyId) throws Exception {
        for (JsonNode l : admin(node, "GET", "/admin/spend?by=key", null).path("data")) {
            if (keyId.equals(l.path("key").asText())) {
                return l;
            }
        }
        throw new AssertionError("no spend of " + keyId);
    }

    /** A ledger total (a sum of doubles) at the precision callers are billed with. */
    private static BigDecimal billedPrecision(JsonNode line) {
        return BigDecimal.valueOf(line.path("usd").asDouble()).setScale(8, java.math.RoundingMode.HALF_UP);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
