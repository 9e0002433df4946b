package io.llmrouter.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * What a feature adds to a request, measured as two gateway JVMs side by side on the same upstream, one with it off
 * and one with it on, alternately, twice, so drift in the machine's load falls on both.
 * <ul>
 * <li>{@code governance} (issue 13's target: at most 0.3 ms at p99 at a paced 1,000 req/s): off, no keys; on, a master
 * key and every request with a virtual key of a team, each with rpm and tpm limits and a hard budget (never reached),
 * so every request is authenticated, rate-checked twice, reserves against two budgets and settles them. Both write the
 * spend ledger (it is always on).</li>
 * <li>{@code telemetry} (issue 14's target: at most 0.2 ms at p99 at 1,000 req/s): off, {@code llmrouter.metrics} and
 * {@code llmrouter.access-log} false; on, both at their default (on).</li>
 * </ul>
 */
final class OnOffBench {

    private static final String ANSWER = "Hello from the fake upstream, answering at once.";
    private static final String MASTER = "bench-master-key-0123456789abcdef";
    private static final int CONNECTIONS = 50;

    private final Path jar;
    private final long warmupSeconds;
    private final long durationSeconds;
    private final List<Integer> rates;
    private final List<String> gatewayJvmArgs;
    private final Consumer<String> out;

    private final boolean telemetry;

    OnOffBench(String suite, Path jar, long warmupSeconds, long durationSeconds, List<Integer> rates,
                    List<String> gatewayJvmArgs, Consumer<String> out) {
        this.telemetry = suite.equals("telemetry");
        this.jar = jar;
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = durationSeconds;
        this.rates = rates.isEmpty() ? List.of(1000) : rates;
        this.gatewayJvmArgs = gatewayJvmArgs;
        this.out = out;
    }

    void run() throws Exception {
        FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start().recordRequests(false);
        upstream.on("up", Behavior.text(ANSWER));
        Path catalog = Files.createTempFile("bench-governance", ".yaml");
        Files.writeString(catalog, """
                providers:
                  - { id: fake, type: openai, base_url: %s }
                models:
                  - { id: m, provider: fake, upstream: up, price: { input: 1.0, output: 2.0 }, max_output_tokens: 256 }
                """.formatted(upstream.baseUrl()));
        Path logs = jar.toAbsolutePath().getParent();
        List<String> offArgs = new ArrayList<>(gatewayJvmArgs);
        List<String> onArgs = new ArrayList<>(gatewayJvmArgs);
        if (telemetry) {
            offArgs.add("-Dllmrouter.metrics=false");
            offArgs.add("-Dllmrouter.access-log=false");
        } else {
            onArgs.add("-Dllmrouter.master-key=" + MASTER);
        }
        String what = telemetry ? "metrics and access log" : "keys and budgets";
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        List<LoadPhase.Result> results = new ArrayList<>();
        try (GatewayProcess off = GatewayProcess.start(jar, catalog, offArgs,
                logs.resolve("bench-" + (telemetry ? "telemetry" : "governance") + "-off.log"), Duration.ofSeconds(60));
             GatewayProcess on = GatewayProcess.start(jar, catalog, onArgs,
                     logs.resolve("bench-" + (telemetry ? "telemetry" : "governance") + "-on.log"),
                     Duration.ofSeconds(60))) {
            String key = telemetry ? "sk-bench" : issueKey(on.port());
            out.accept(String.format(Locale.ROOT, "OnOffBench (" + what + "): %d connections, warm-up %d s each, %d s per phase,"
                    + " paced at %s req/s, off/on alternately twice; machine %d CPUs, load average %s", CONNECTIONS,
                    warmupSeconds, durationSeconds, rates, Runtime.getRuntime().availableProcessors(),
                    LoadHarness.loadAverage()));
            out.accept(telemetry ? "off: pid " + off.pid() + ", metrics and access log off; on: pid " + on.pid()
                    + ", both on (their defaults)" : "off: pid " + off.pid() + ", no keys; on: pid " + on.pid()
                    + ", a virtual key of a team, both with rpm/tpm limits and hard budgets; spend durability sync (the"
                    + " default) on both");
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(CONNECTIONS).setMaxWaitQueueSize(-1));
            Context context = vertx.getOrCreateContext();
            String body = "{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":"
                          + "\"Say hello to the load harness.\"}]}";
            String label = telemetry ? "telemetry" : "keys";
            LoadPhase.Target offTarget = new LoadPhase.Target(label + " off", off.port(), List.of(body), false);
            LoadPhase.Target onTarget = new LoadPhase.Target(label + " on", on.port(), List.of(body), false, key);
            for (LoadPhase.Target t : List.of(offTarget, onTarget)) {
                System.err.println("[bench] warming up " + t.name());
                new LoadPhase(context, client, t).closed(CONNECTIONS, warmupSeconds)
                        .get(warmupSeconds + 30, TimeUnit.SECONDS);
            }
            for (int rate : rates) {
                for (int round = 0; round < 2; round++) {
                    for (LoadPhase.Target t : List.of(offTarget, onTarget)) {
                        System.err.println("[bench] " + t.name() + " @" + rate);
                        results.add(new LoadPhase(context, client, t).paced(CONNECTIONS, rate, durationSeconds)
                                .get(durationSeconds + 30, TimeUnit.SECONDS));
                    }
                }
            }
            client.close();
            report(results);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            upstream.close();
            Files.deleteIfExists(catalog);
        }
    }

    /** A team and a key of it with limits and budgets far above what the bench uses; returns the key's secret. */
    private static String issueKey(int port) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String limits = "\"rpm\":10000000,\"tpm\":2000000000,\"budget\":{\"usd\":1000000,\"period\":\"month\","
                        + "\"hard\":true}";
        post(http, port, "/admin/teams", "{\"id\":\"bench-" + System.nanoTime() + "\"," + limits + "}");
        String team = Json.MAPPER.readTree(get(http, port, "/admin/teams")).path("data").get(0).path("id").asText();
        return Json.MAPPER.readTree(post(http, port, "/admin/keys", "{\"team\":\"" + team + "\"," + limits + "}"))
                .path("key").asText();
    }

    private static String post(java.net.http.HttpClient http, int port, String path, String json) throws Exception {
        return send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String get(java.net.http.HttpClient http, int port, String path) throws Exception {
        return send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    private static String send(java.net.http.HttpClient http, HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + MASTER)
                .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("admin call failed: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private void report(List<LoadPhase.Result> results) {
        out.accept("");
        out.accept(String.format(Locale.ROOT, "%-24s %9s %7s %8s %8s %8s %8s", "phase", "requests", "errors",
                "p50 ms", "p90 ms", "p99 ms", "max ms"));
        for (LoadPhase.Result r : results) {
            Latencies.Summary s = r.complete().summary();
            out.accept(String.format(Locale.ROOT, "%-24s %9d %7d %8.3f %8.3f %8.3f %8.3f", r.name(),
                    r.complete().count(), r.errors(), s.p50(), s.p90(), s.p99(), s.max()));
        }
        out.accept("");
        for (int i = 0; i + 1 < results.size(); i += 2) {
            Latencies.Summary offS = results.get(i).complete().summary();
            Latencies.Summary onS = results.get(i + 1).complete().summary();
            out.accept(String.format(Locale.ROOT, "added (%s, round %d): p50 %+.3f ms, p90 %+.3f"
                    + " ms, p99 %+.3f ms", results.get(i + 1).name(), i / 2 + 1, onS.p50() - offS.p50(),
                    onS.p90() - offS.p90(), onS.p99() - offS.p99()));
        }
    }
}
