package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import io.llmrouter.engine.RequestListener;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.llmrouter.app.dashboard.Dashboard;

/**
 * {@code GET /metrics} after plain, streamed, failed-over and failing requests: the values, names and labels of the
 * GenAI conventions' meters and the router's own, label values bounded by the catalog, and nothing at all when off.
 */
class MetricsTest {

    /** The fake upstream's usage for "one two three": 10 prompt tokens and 3 completion tokens. */
    static final double PROMPT_TOKENS = 10;

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: alpha, aliases: [alpha-latest], provider: fake, upstream: up-alpha,
                      price: { input: 1.0, output: 2.0 } }
                  - { id: streamy, provider: fake, upstream: up-streamy, price: { input: 1.0, output: 2.0 } }
                  - { id: flaky, provider: fake, upstream: up-flaky }
                  - { id: backup, provider: fake, upstream: up-backup }
                  - { id: sick, provider: fake, upstream: up-sick }
                  - { id: healthy, provider: fake, upstream: up-healthy }
                  - { id: fake/*, provider: fake }
                """.formatted(upstream.baseUrl()), Map.of(
                "camel.component.llm.circuit-window", "4",
                "camel.component.llm.circuit-minimum-calls", "4",
                "camel.component.llm.circuit-failure-rate", "50",
                // open for the whole test run: the gauge is read while it is open
                "camel.component.llm.circuit-open-millis", "600000",
                "camel.component.llm.slow-start-millis", "0"), null);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        upstream.on("up-alpha", Behavior.text("one two three"));
        upstream.on("up-streamy", Behavior.text("one two three"));
    }

    static PrometheusText scrape(GatewayFixture gw, String credential) throws Exception {
        HttpResponse<String> r = gw.admin("GET", "/metrics", null, credential);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue(MetricsEndpoint.CONTENT_TYPE);
        return PrometheusText.parse(r.body());
    }

    static double requestsTotal(PrometheusText p) {
        return p.samples("llmrouter_requests_total").stream().mapToDouble(PrometheusText.Sample::value).sum();
    }

    /**
     * The scrape once the front door has told the metrics of {@code n} more requests than {@code before} showed: a
     * response's bytes can reach the caller a moment before its end handler has run.
     */
    static PrometheusText settled(GatewayFixture gw, String credential, PrometheusText before, int n) {
        double want = requestsTotal(before) + n;
        return await().atMost(Duration.ofSeconds(10)).until(() -> scrape(gw, credential),
                p -> requestsTotal(p) >= want);
    }

    private static PrometheusText scrape() throws Exception {
        return scrape(gw, null);
    }

    /** The labels of a chat call's GenAI meters. */
    static String[] call(String requested, String answered, String... more) {
        List<String> l = new ArrayList<>(List.of("gen_ai_operation_name", "chat", "gen_ai_provider_name",
                answered.isEmpty() ? "" : "fake", "gen_ai_request_model", requested, "gen_ai_response_model",
                answered));
        l.addAll(List.of(more));
        return l.toArray(String[]::new);
    }

    static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.get(name, labels) - before.value(name, labels);
    }

    @Test
    void aPlainAnswerIsMeasuredUnderTheGenAiNamesWithTheCatalogsLabels() throws Exception {
        PrometheusText before = scrape();
        HttpResponse<String> r = gw.chat(body(false, "alpha-latest"));
        assertThat(r.statusCode()).isEqualTo(200);
        PrometheusText after = settled(gw, null, before, 1);

        String[] input = call("alpha-latest", "alpha", "gen_ai_token_type", "input");
        String[] output = call("alpha-latest", "alpha", "gen_ai_token_type", "output");
        assertThat(delta(before, after, "gen_ai_client_token_usage_sum", input)).isEqualTo(PROMPT_TOKENS);
        assertThat(delta(before, after, "gen_ai_client_token_usage_count", input)).isEqualTo(1);
        assertThat(delta(before, after, "gen_ai_client_token_usage_sum", output)).isEqualTo(3);
        // the conventions' buckets: 10 tokens fall in le=16, not in le=4
        assertThat(delta(before, after, "gen_ai_client_token_usage_bucket", call("alpha-latest", "alpha",
                "gen_ai_token_type", "input", "le", "16.0"))).isEqualTo(1);
        assertThat(delta(before, after, "gen_ai_client_token_usage_bucket", call("alpha-latest", "alpha",
                "gen_ai_token_type", "input", "le", "4.0"))).isZero();

        String[] ok = call("alpha-latest", "alpha", "error_type", "");
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count", ok)).isEqualTo(1);
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_sum", ok)).isPositive();
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_bucket",
                call("alpha-latest", "alpha", "error_type", "", "le", "+Inf"))).isEqualTo(1);
        assertThat(after.value("gen_ai_server_time_to_first_token_seconds_count", call("alpha-latest", "alpha")))
                .as("no first token for a plain answer").isZero();

        assertThat(delta(before, after, "llmrouter_requests_total",
                "gen_ai_operation_name", "chat", "status", "200", "code", "")).isEqualTo(1);
        assertThat(delta(before, after, "llmrouter_overhead_seconds_count", "gen_ai_operation_name", "chat"))
                .isEqualTo(1);
        assertThat(delta(before, after, "llmrouter_attempts_total", "deployment", "alpha", "error_type", ""))
                .isEqualTo(1);

        double header = Double.parseDouble(r.headers().firstValue("x-llmrouter-cost-usd").orElseThrow());
        assertThat(header).isPositive();
        assertThat(delta(before, after, "llmrouter_cost_usd_total", "gen_ai_response_model", "alpha",
                "gen_ai_provider_name", "fake", "key", "", "team", "")).isCloseTo(header, within(1e-8));
    }

    @Test
    void aStreamIsMeasuredWithItsTimeToFirstTokenAndTheUsageItReportedAtItsEnd() throws Exception {
        PrometheusText before = scrape();
        HttpResponse<String> r = gw.chat(body(true, "streamy"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("data: [DONE]");
        PrometheusText after = settled(gw, null, before, 1);

        assertThat(delta(before, after, "gen_ai_server_time_to_first_token_seconds_count",
                call("streamy", "streamy"))).isEqualTo(1);
        assertThat(delta(before, after, "gen_ai_server_time_to_first_token_seconds_sum", call("streamy", "streamy")))
                .isPositive();
        assertThat(delta(before, after, "gen_ai_client_token_usage_sum",
                call("streamy", "streamy", "gen_ai_token_type", "input"))).isEqualTo(PROMPT_TOKENS);
        assertThat(delta(before, after, "gen_ai_client_token_usage_sum",
                call("streamy", "streamy", "gen_ai_token_type", "output"))).isEqualTo(3);
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count",
                call("streamy", "streamy", "error_type", ""))).isEqualTo(1);
        // (10 x $1 + 3 x $2) per million tokens, billed when the stream ended
        assertThat(delta(before, after, "llmrouter_cost_usd_total", "gen_ai_response_model", "streamy",
                "gen_ai_provider_name", "fake", "key", "", "team", "")).isCloseTo(16e-6, within(1e-12));
    }

    @Test
    void aFailoverIsCountedOnceWithItsErrorKind() throws Exception {
        upstream.on("up-flaky", Behavior.times(1, Behavior.serverError(), Behavior.text("one two three")));
        PrometheusText before = scrape();
        HttpResponse<String> r = gw.chat(body(false, "flaky", "backup"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).hasValue("2");
        PrometheusText after = settled(gw, null, before, 1);

        assertThat(delta(before, after, "llmrouter_failovers_total", "deployment", "flaky",
                "error_type", "SERVER_ERROR")).isEqualTo(1);
        assertThat(after.samples("llmrouter_failovers_total").stream().mapToDouble(PrometheusText.Sample::value)
                .sum() - before.samples("llmrouter_failovers_total").stream()
                .mapToDouble(PrometheusText.Sample::value).sum()).as("failovers in all").isEqualTo(1);
        assertThat(delta(before, after, "llmrouter_attempts_total", "deployment", "flaky",
                "error_type", "SERVER_ERROR")).isEqualTo(1);
        String answeredBy = r.headers().firstValue("x-llmrouter-model").orElseThrow();
        assertThat(delta(before, after, "llmrouter_attempts_total", "deployment", answeredBy, "error_type", ""))
                .isEqualTo(1);
        // the request itself succeeded
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count",
                call("auto", answeredBy, "error_type", ""))).isEqualTo(1);
    }

    @Test
    void aFailedRequestCarriesItsErrorKindAndAnOpenBreakerShowsOnItsGauge() throws Exception {
        upstream.on("up-sick", Behavior.serverError());
        upstream.on("up-healthy", Behavior.serverError());
        PrometheusText before = scrape();
        // each request tries both twice (one retry each): eight failures, four per deployment, open both circuits
        for (int i = 0; i < 2; i++) {
            assertThat(gw.chat(body(false, "sick", "healthy")).statusCode()).isEqualTo(502);
        }
        PrometheusText after = settled(gw, null, before, 2);

        assertThat(delta(before, after, "llmrouter_requests_total", "gen_ai_operation_name", "chat",
                "status", "502", "code", "all_attempts_failed")).isEqualTo(2);
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count",
                call("auto", "", "error_type", "ALL_ATTEMPTS_FAILED"))).isEqualTo(2);

        for (String d : List.of("sick", "healthy")) {
            String[] labels = {"deployment", d, "gen_ai_provider_name", "fake"};
            assertThat(after.get("llmrouter_breaker_state", with(labels, "state", "open"))).isEqualTo(1);
            assertThat(after.get("llmrouter_breaker_state", with(labels, "state", "closed"))).isZero();
            assertThat(after.get("llmrouter_breaker_state", with(labels, "state", "half_open"))).isZero();
            assertThat(after.get("llmrouter_deployment_unavailable", with(labels, "reason", "circuit_open")))
                    .isEqualTo(1);
            assertThat(after.get("llmrouter_deployment_unavailable", with(labels, "reason", "cooldown"))).isZero();
        }
        assertThat(after.get("llmrouter_breaker_state", "deployment", "alpha", "gen_ai_provider_name", "fake",
                "state", "closed")).isEqualTo(1);
        assertThat(after.get("llmrouter_deployment_in_flight", "deployment", "alpha", "gen_ai_provider_name",
                "fake")).isZero();
        assertThat(after.get("llmrouter_in_flight")).as("a scrape is not a request in flight").isZero();
    }

    @Test
    void tenThousandRequestsForMadeUpModelsAddNoSeries() throws Exception {
        upstream.recordRequests(false);
        try {
            // the first of each kind makes the series "other" stands for
            send(List.of("made-up-" + UUID.randomUUID(), "fake/" + UUID.randomUUID()));
            PrometheusText before = scrape();

            List<String> names = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                names.add(i % 2 == 0 ? "made-up-" + UUID.randomUUID() : "fake/" + UUID.randomUUID());
            }
            send(names);
            PrometheusText after = settled(gw, null, before, 10_000);

            assertThat(after.series(MetricsTest::perRequest)).isEqualTo(before.series(MetricsTest::perRequest));
            assertThat(after.labelValues()).noneMatch(v -> v.startsWith("made-up-") || v.startsWith("fake/"));
            assertThat(delta(before, after, "llmrouter_requests_total", "gen_ai_operation_name", "chat",
                    "status", "404", "code", "model_not_found")).isEqualTo(5_000);
            assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count",
                    call("other", "", "error_type", "MODEL_NOT_FOUND"))).isEqualTo(5_000);
            // wildcard names are answered, and labelled "other" both as asked and as answered
            assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count",
                    call("other", "other", "error_type", ""))).isEqualTo(5_000);
            assertThat(delta(before, after, "llmrouter_attempts_total", "deployment", "other", "error_type", ""))
                    .isEqualTo(5_000);
        } finally {
            upstream.recordRequests(true);
        }
    }

    /** Series that requests could add; the JVM's own (a buffer pool first used) are not theirs. */
    private static boolean perRequest(String name) {
        return !name.startsWith("jvm_") && !name.startsWith("process_") && !name.startsWith("system_");
    }

    /** Sends a chat for each model name, 32 at a time, and checks each was answered or refused as it should be. */
    private static void send(List<String> models) throws Exception {
        Semaphore window = new Semaphore(32);
        List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
        for (String m : models) {
            window.acquire();
            CompletableFuture<HttpResponse<Void>> f = gw.http().sendAsync(gw.request(body(false, m)),
                    HttpResponse.BodyHandlers.discarding());
            f.whenComplete((r, e) -> window.release());
            all.add(f);
        }
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).get().statusCode()).as(models.get(i))
                    .isEqualTo(models.get(i).startsWith("fake/") ? 200 : 404);
        }
    }

    private static String[] with(String[] labels, String... more) {
        List<String> l = new ArrayList<>(List.of(labels));
        l.addAll(List.of(more));
        return l.toArray(String[]::new);
    }

    @Test
    void metricsOffRegistersNothingAndServesNoEndpoint() throws Exception {
        try (GatewayFixture off = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: alpha, provider: fake, upstream: up-alpha }
                """.formatted(upstream.baseUrl()), Map.of("llmrouter.metrics", "false"), null)) {
            assertThat(off.chat(body(false, "alpha")).statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = off.http().send(HttpRequest.newBuilder(URI.create(off.url("/metrics")))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(404);
            var registry = off.gateway().camelContext().getRegistry();
            // what is left are the dashboard's feed (bounded recent windows, not meters) and the access log
            assertThat(registry.findByType(RequestObserver.class))
                    .allMatch(o -> o instanceof Dashboard || o instanceof AccessLog);
            assertThat(registry.findByType(RequestListener.class)).allMatch(o -> o instanceof Dashboard);
            assertThat(registry.findByType(MeterRegistry.class)).isEmpty();
        }
    }
}
