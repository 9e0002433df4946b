package io.llmrouter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * Issue 11's load matrix: a fake upstream that never fails, answering at once and after 50 ms; 50 and 200
 * connections; a closed loop and paced rates. Each cell is sent to the upstream directly, through nginx as a reverse
 * proxy (when {@code /usr/sbin/nginx} is installed, at 0 ms), and through the gateway jar (warmed up for 45 s first,
 * as a JVM still compiling its hot paths is not what runs in production). It prints every phase,
 * the gateway's throughput as a share of direct's and nginx's, its added p99, and whether any circuit opened (the
 * gateway logs every transition at WARN). The harness JVM holds the load generator and the fake upstreams; the gateway
 * and nginx run as their own processes; everything is on 127.0.0.1 and every phase stops by itself.
 */
final class OverloadBench {

    private static final String ANSWER = "Hello from the fake upstream.";
    private static final long GATEWAY_WARMUP_SECONDS = 45;
    private static final String PROMPT = "[{\"role\":\"user\",\"content\":\"Say hello to the load harness.\"}]";

    private final Path jar;
    private final long warmupSeconds;
    private final long durationSeconds;
    private final List<Integer> rates;
    private final List<String> gatewayJvmArgs;
    private final Consumer<String> out;

    OverloadBench(Path jar, long warmupSeconds, long durationSeconds, List<Integer> rates, List<String> gatewayJvmArgs,
                  Consumer<String> out) {
        this.jar = jar;
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = durationSeconds;
        this.rates = rates;
        this.gatewayJvmArgs = gatewayJvmArgs;
        this.out = out;
    }

    void run() throws Exception {
        FakeOpenAiUpstream instant = FakeOpenAiUpstream.start().recordRequests(false);
        FakeOpenAiUpstream slow = FakeOpenAiUpstream.start().recordRequests(false);
        instant.on("up", Behavior.text(ANSWER));
        slow.on("up", Behavior.delayed(50, Behavior.text(ANSWER)));
        Path catalog = Files.createTempFile("bench-overload", ".yaml");
        Files.writeString(catalog, """
                providers:
                  - { id: instant, type: openai, base_url: %s }
                  - { id: slow, type: openai, base_url: %s }
                models:
                  - { id: m0, provider: instant, upstream: up, price: { input: 1.0, output: 2.0 } }
                  - { id: m50, provider: slow, upstream: up, price: { input: 1.0, output: 2.0 } }
                """.formatted(instant.baseUrl(), slow.baseUrl()));
        Path gatewayLog = jar.toAbsolutePath().getParent().resolve("bench-overload-gateway.log");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        List<LoadPhase.Result> results = new ArrayList<>();
        try (GatewayProcess gateway = GatewayProcess.start(jar, catalog, gatewayJvmArgs, gatewayLog,
                Duration.ofSeconds(60));
             Nginx nginx = Nginx.startIfInstalled(instant.port())) {
            out.accept(String.format(Locale.ROOT, "OverloadBench: warm-up %d s, %d s per phase, paced at %s req/s;"
                    + " machine %d CPUs, load average %s", warmupSeconds, durationSeconds, rates,
                    Runtime.getRuntime().availableProcessors(), LoadHarness.loadAverage()));
            out.accept("gateway pid " + gateway.pid() + " (log " + gatewayLog + "); nginx: "
                    + (nginx == null ? "not installed (apt-get install nginx-light)" : nginx.describe()));
            Context context = vertx.getOrCreateContext();
            // a fresh JVM is still compiling the gateway's hot paths for its first minute: warm it before any cell
            HttpClient warmer = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(50));
            System.err.println("[bench] warming the gateway up for " + GATEWAY_WARMUP_SECONDS + " s");
            new LoadPhase(context, warmer, new LoadPhase.Target("gateway warm-up", gateway.port(), body("m0"), false))
                    .closed(50, GATEWAY_WARMUP_SECONDS).get(GATEWAY_WARMUP_SECONDS + 30, TimeUnit.SECONDS);
            warmer.close();
            for (int latency : List.of(0, 50)) {
                int upstreamPort = latency == 0 ? instant.port() : slow.port();
                for (int connections : List.of(50, 200)) {
                    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                            .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(connections)
                            .setMaxWaitQueueSize(-1));
                    List<LoadPhase.Target> targets = new ArrayList<>();
                    String cell = latency + " ms, " + connections + " conns";
                    targets.add(new LoadPhase.Target("direct " + cell, upstreamPort, body("up"), false));
                    if (nginx != null && latency == 0) {
                        targets.add(new LoadPhase.Target("nginx " + cell, nginx.port(), body("up"), false));
                    }
                    targets.add(new LoadPhase.Target("gateway " + cell, gateway.port(),
                            body(latency == 0 ? "m0" : "m50"), false));
                    for (int rate : LoadHarness.concat(0, rates)) {
                        for (LoadPhase.Target t : targets) {
                            if (rate == 0 && warmupSeconds > 0) {
                                await(new LoadPhase(context, client, t).closed(connections, warmupSeconds));
                            }
                            LoadPhase phase = new LoadPhase(context, client, t);
                            System.err.println("[bench] " + t.name() + (rate == 0 ? " closed loop" : " @" + rate));
                            results.add(await(rate == 0 ? phase.closed(connections, durationSeconds)
                                    : phase.paced(connections, rate, durationSeconds)));
                        }
                    }
                    client.close();
                }
            }
            report(results, gatewayLog);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            instant.close();
            slow.close();
            Files.deleteIfExists(catalog);
        }
    }

    private LoadPhase.Result await(java.util.concurrent.CompletableFuture<LoadPhase.Result> phase) throws Exception {
        return phase.get(Math.max(warmupSeconds, durationSeconds) + 30, TimeUnit.SECONDS);
    }

    private void report(List<LoadPhase.Result> results, Path gatewayLog) throws Exception {
        out.accept("");
        out.accept(String.format(Locale.ROOT, "%-36s %9s %9s %7s %8s %8s %8s", "phase", "requests", "req/s",
                "non-2xx", "p50 ms", "p99 ms", "max ms"));
        long gatewayErrors = 0;
        for (LoadPhase.Result r : results) {
            Latencies.Summary s = r.complete().summary();
            out.accept(String.format(Locale.ROOT, "%-36s %9d %9.0f %7d %8.3f %8.3f %8.3f", r.name(),
                    r.complete().count(), r.requestsPerSecond(), r.errors(), s.p50(), s.p99(), s.max()));
            if (r.target().name().startsWith("gateway")) {
                gatewayErrors += r.errors();
            }
            if (r.firstError() != null) {
                out.accept("    first error: " + r.firstError());
            }
        }
        out.accept("");
        out.accept("gateway against the others in the same cell and load (throughput share; added p50 / p99):");
        for (LoadPhase.Result g : results) {
            if (!g.target().name().startsWith("gateway")) {
                continue;
            }
            String cell = g.target().name().substring("gateway ".length());
            for (LoadPhase.Result o : results) {
                String other = o.target().name();
                if (o.rate() == g.rate() && !other.startsWith("gateway")
                        && other.substring(other.indexOf(' ') + 1).equals(cell)) {
                    Latencies.Summary gs = g.complete().summary();
                    Latencies.Summary os = o.complete().summary();
                    out.accept(String.format(Locale.ROOT, "  %-26s %-12s vs %-6s %5.0f%% of its req/s; %+8.3f / %+8.3f ms",
                            cell, g.rate() == 0 ? "closed loop" : "@" + g.rate() + "/s",
                            o.target().name().split(" ")[0], 100 * g.requestsPerSecond() / o.requestsPerSecond(),
                            gs.p50() - os.p50(), gs.p99() - os.p99()));
                }
            }
        }
        long transitions = Files.readAllLines(gatewayLog).stream().filter(l -> l.contains("circuit of deployment"))
                .count();
        out.accept("");
        out.accept(String.format(Locale.ROOT, "gateway non-2xx answers in all cells: %d; circuit transitions logged: %d",
                gatewayErrors, transitions));
    }

    private static String body(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":" + PROMPT + "}";
    }
}
