package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/grafana-dashboard.json is valid JSON whose queries name only metrics the gateway exports: each metric in a
 * panel's {@code expr} is in a {@code /metrics} scrape of a gateway that served the kinds of request the panels show.
 */
class GrafanaDashboardTest {

    static final String MASTER = "master-key-for-grafana-0123456789";
    /** The PromQL functions, aggregations and keywords the dashboard may use; every other name is a metric. */
    static final Set<String> PROMQL = Set.of("sum", "min", "max", "avg", "count", "rate", "irate", "increase",
            "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "bool", "offset", "topk", "bottomk", "clamp_min", "clamp_max", "abs", "time");

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: priced, provider: fake, upstream: up-priced, price: { input: 1.0, output: 2.0 },
                      max_output_tokens: 100 }
                  - { id: flaky, provider: fake, upstream: up-flaky, price: { input: 1.0, output: 2.0 },
                      max_output_tokens: 100 }
                  - { id: broken, provider: fake, upstream: up-broken, price: { input: 1.0, output: 2.0 },
                      max_output_tokens: 100 }
                  - { id: held, provider: fake, upstream: up-held, price: { input: 1.0, output: 2.0 },
                      max_output_tokens: 100 }
                """.formatted(upstream.baseUrl()), Map.of("llmrouter.master-key", MASTER), null, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    static Path dashboard() {
        Path here = Path.of("").toAbsolutePath();
        return (Files.isDirectory(here.resolve("k8s")) ? here : here.getParent()).resolve("k8s/grafana-dashboard.json");
    }

    /** The metric names in one PromQL expression: what is left once label matchers, groupings and ranges are out. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\"[^\"]*\"", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w$.])[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (m.find()) {
            if (!PROMQL.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    private static void collect(JsonNode node, List<String> exprs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("expr") && f.getValue().isTextual()) {
                    exprs.add(f.getValue().asText());
                } else {
                    collect(f.getValue(), exprs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, exprs));
        }
    }

    @Test
    void theMetricNameReaderSeesMetricsNotLabelsOrFunctions() {
        assertThat(metricNames("histogram_quantile(0.95, sum by (le, gen_ai_response_model) "
                + "(rate(gen_ai_client_operation_duration_seconds_bucket{error_type=\"\"}[$__rate_interval])))"))
                .containsExactly("gen_ai_client_operation_duration_seconds_bucket");
        assertThat(metricNames("max by (deployment) (a{state=\"open\"}) * 2 + on (deployment) max by (deployment) (b)"))
                .containsExactly("a", "b");
    }

    @Test
    void everyMetricTheDashboardQueriesIsOneTheGatewayExports() throws Exception {
        JsonNode board = Json.MAPPER.readTree(Files.readAllBytes(dashboard()));
        List<String> exprs = new ArrayList<>();
        collect(board, exprs);
        assertThat(board.path("panels").size()).isGreaterThan(10);
        assertThat(exprs).hasSizeGreaterThan(10);
        Set<String> used = new TreeSet<>();
        exprs.forEach(e -> used.addAll(metricNames(e)));
        assertThat(used).contains("gen_ai_client_operation_duration_seconds_bucket", "llmrouter_cost_usd_total",
                "llmrouter_breaker_state");

        serveEveryKindOfRequest();
        PrometheusText scraped = MetricsTest.scrape(gw, MASTER);
        assertThat(scraped.names()).containsAll(used);
    }

    /** Answers, a stream, a failover, a failure, a refused key and a full gateway: every panel gets data. */
    private static void serveEveryKindOfRequest() throws Exception {
        upstream.on("up-priced", Behavior.text("one two three"));
        upstream.on("up-flaky", Behavior.times(1, Behavior.serverError(), Behavior.text("one two three")));
        upstream.on("up-broken", Behavior.serverError());
        assertThat(gw.admin("POST", "/admin/teams", "{\"id\":\"board\",\"name\":\"Board\","
                + "\"budget\":{\"usd\":5,\"period\":\"month\",\"hard\":true}}", MASTER).statusCode()).isEqualTo(201);
        HttpResponse<String> created = gw.admin("POST", "/admin/keys", "{\"name\":\"board\",\"team\":\"board\","
                + "\"budget\":{\"usd\":1,\"period\":\"day\",\"hard\":true}}", MASTER);
        assertThat(created.statusCode()).isEqualTo(201);
        String[] auth = {"Authorization", "Bearer " + Json.MAPPER.readTree(created.body()).path("key").asText()};
        PrometheusText before = MetricsTest.scrape(gw, MASTER);

        assertThat(gw.chat(body(false, "priced"), auth).statusCode()).isEqualTo(200);
        assertThat(gw.chat(body(true, "priced"), auth).statusCode()).isEqualTo(200);
        assertThat(gw.chat(body(false, "flaky"), auth).statusCode()).isEqualTo(200);
        assertThat(gw.chat(body(false, "broken"), auth).statusCode()).isEqualTo(502);
        assertThat(gw.chat(body(false, "priced")).statusCode()).isEqualTo(401);
        CountDownLatch release = new CountDownLatch(1);
        upstream.on("up-held", Behavior.heldAfterFirstChunk("one two three", release));
        CompletableFuture<HttpResponse<String>> holding = gw.http().sendAsync(gw.request(body(true, "held"), auth),
                HttpResponse.BodyHandlers.ofString());
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> MetricsTest.scrape(gw, MASTER).get("llmrouter_in_flight") == 1);
            assertThat(gw.chat(body(false, "priced"), auth).statusCode()).isEqualTo(429);
        } finally {
            release.countDown();
        }
        assertThat(holding.get().statusCode()).isEqualTo(200);
        MetricsTest.settled(gw, MASTER, before, 7);
    }
}
