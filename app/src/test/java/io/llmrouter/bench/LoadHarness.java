package io.llmrouter.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * The gateway's added latency and throughput over loopback, for BENCHMARKS.md. Starts a fake OpenAI upstream that
 * answers at once (in this JVM), the gateway jar in a separate JVM in front of it, then measures direct plain, gateway
 * plain, direct stream and gateway stream: first as closed loops over a fixed pool of keep-alive connections (each
 * after a warm-up; this gives requests/s at saturation), then paced at fixed rates (the latency of a gateway that keeps
 * up). Prints p50/p90/p99/max, requests/s and errors per phase, the gateway-minus-direct difference per percentile, and
 * how busy the CPUs were. Everything is on 127.0.0.1, and every phase stops by itself.
 *
 * <pre>
 * mvn -q -B -DskipTests -Pbench verify      (from the repository root; defaults: -Dbench.connections=50
 *                                            -Dbench.warmup=10 -Dbench.duration=20 -Dbench.rates=1000,3000)
 * mvn -q -B -DskipTests -Pbench verify -Dbench.cluster=true     (clustered against in-memory state)
 * mvn -q -B -DskipTests -Pbench verify -Dbench.suite=overload   (issue 11's matrix: 0/50 ms upstream, 50/200
 *                                                              connections, beside direct and nginx; see OverloadBench)
 * mvn -q -B -DskipTests -Pbench verify -Dbench.suite=fault      (the upstream fails for 20 s; see FaultBench)
 * mvn -q -B -DskipTests -Pbench verify -Dbench.suite=governance (keys and budgets on against off; see OnOffBench)
 * mvn -q -B -DskipTests -Pbench verify -Dbench.suite=telemetry  (metrics and access log on against off; OnOffBench)
 * </pre>
 *
 * Arguments: {@code --jar PATH} (app/target/llmrouter.jar), {@code --connections N}, {@code --warmup SECONDS},
 * {@code --duration SECONDS}, {@code --rates R,R,...} (empty for none), {@code --gateway-jvm-arg ARG} (repeatable;
 * also from the environment variable {@code LLMROUTER_BENCH_GATEWAY_JVM_ARGS}, e.g. to start a flight recording),
 * {@code --out FILE} (a copy of the report), {@code --cluster true} (instead: clustered against in-memory state at the
 * same load, see {@link ClusterBench}; {@code -Dbench.cluster=true}).
 */
public final class LoadHarness {

    private static final String UPSTREAM_MODEL = "up-bench";
    private static final String GATEWAY_MODEL = "bench-model";
    private static final String ANSWER = "Hello from the fake upstream, answering at once.";
    private static final String PROMPT = "[{\"role\":\"user\",\"content\":\"Say hello to the load harness.\"}]";

    private int connections = 50;
    private long warmupSeconds = 10;
    private long durationSeconds = 20;
    private Path jar;
    private Path out;
    private List<Integer> rates = List.of(1000, 3000);
    private boolean cluster;
    private String suite = "latency";
    private final List<String> gatewayJvmArgs = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        LoadHarness harness = new LoadHarness();
        try {
            harness.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadHarness: " + e.getMessage());
            System.exit(2);
            return;
        }
        harness.run();
        // the fake upstream's and the client's Vert.x threads are closed; exit in case a library left one behind
        System.exit(0);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--jar" -> jar = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--connections" -> connections = number(a, v, 1, 10_000);
                case "--warmup" -> warmupSeconds = number(a, v, 0, 3600);
                case "--duration" -> durationSeconds = number(a, v, 1, 3600);
                case "--rates" -> rates = v.isBlank() ? List.of()
                        : Arrays.stream(v.split(",")).map(r -> number(a, r.trim(), 1, 1_000_000)).toList();
                case "--gateway-jvm-arg" -> gatewayJvmArgs.add(v);
                case "--cluster" -> cluster = Boolean.parseBoolean(v.trim());
                case "--suite" -> {
                    suite = v.trim();
                    if (!List.of("latency", "overload", "fault", "governance", "telemetry").contains(suite)) {
                        throw new IllegalArgumentException("--suite takes latency, overload, fault, governance or "
                                + "telemetry, was '" + v + "'");
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        String extra = System.getenv("LLMROUTER_BENCH_GATEWAY_JVM_ARGS");
        if (extra != null && !extra.isBlank()) {
            gatewayJvmArgs.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        if (jar == null) {
            jar = Files.isRegularFile(Path.of("target/llmrouter.jar")) ? Path.of("target/llmrouter.jar")
                    : Path.of("app/target/llmrouter.jar");
        }
    }

    private static int number(String flag, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes whole numbers from " + min + " to " + max + ", was '" + v
                    + "'");
        }
    }

    static List<Integer> concat(int first, List<Integer> rest) {
        List<Integer> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private void run() throws Exception {
        if (!suite.equals("latency")) {
            out = out == null ? null : out.resolveSibling(out.getFileName().toString().replaceFirst("(\\.txt)?$",
                    "-" + suite + "$1"));
            if (suite.equals("overload")) {
                new OverloadBench(jar, warmupSeconds, durationSeconds, rates, gatewayJvmArgs, s -> line("%s", s)).run();
            } else if (suite.equals("governance") || suite.equals("telemetry")) {
                new OnOffBench(suite, jar, warmupSeconds, durationSeconds, rates, gatewayJvmArgs, s -> line("%s", s))
                        .run();
            } else {
                new FaultBench(jar, gatewayJvmArgs, s -> line("%s", s)).run();
            }
            writeReport();
            return;
        }
        if (cluster) {
            // next to the other report, not over it: report.txt becomes report-cluster.txt
            out = out == null ? null : out.resolveSibling(out.getFileName().toString().replaceFirst("(\\.txt)?$",
                    "-cluster$1"));
            new ClusterBench(jar, connections, warmupSeconds, durationSeconds, rates, gatewayJvmArgs,
                    s -> line("%s", s)).run();
            writeReport();
            return;
        }
        Path catalog = Files.createTempFile("bench-catalog", ".yaml");
        FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start().recordRequests(false);
        upstream.on(UPSTREAM_MODEL, Behavior.text(ANSWER));
        Files.writeString(catalog, """
                providers:
                  - id: fake
                    type: openai
                    base_url: %s
                models:
                  - id: %s
                    provider: fake
                    upstream: %s
                    price: { input: 1.0, output: 2.0 }
                    capabilities: [chat, streaming]
                """.formatted(upstream.baseUrl(), GATEWAY_MODEL, UPSTREAM_MODEL));
        Path gatewayLog = jar.toAbsolutePath().getParent().resolve("bench-gateway.log");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (GatewayProcess gateway = GatewayProcess.start(jar, catalog, gatewayJvmArgs, gatewayLog,
                Duration.ofSeconds(60))) {
            line("LoadHarness %s: %d connections; closed loop: %d s warm-up + %d s measured per phase; then paced at %s"
                    + " req/s, %d s each; loopback only", Instant.now().toString().substring(0, 19) + "Z", connections,
                    warmupSeconds, durationSeconds, rates, durationSeconds);
            if (!gatewayJvmArgs.isEmpty()) {
                line("gateway JVM arguments: %s", String.join(" ", gatewayJvmArgs));
            }
            line("machine: %d CPUs, %s %s; load average before: %s", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"), loadAverage());
            line("fake upstream: %s (in the harness JVM); gateway: pid %d on port %d, %s, log %s", upstream.baseUrl(),
                    gateway.pid(), gateway.port(), jar, gatewayLog);
            line("");
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
            Context context = vertx.getOrCreateContext();
            List<LoadPhase.Target> targets = List.of(
                    new LoadPhase.Target("direct plain", upstream.port(), body(UPSTREAM_MODEL, false), false),
                    new LoadPhase.Target("gateway plain", gateway.port(), body(GATEWAY_MODEL, false), false),
                    new LoadPhase.Target("direct stream", upstream.port(), body(UPSTREAM_MODEL, true), true),
                    new LoadPhase.Target("gateway stream", gateway.port(), body(GATEWAY_MODEL, true), true));
            List<LoadPhase.Result> results = new ArrayList<>();
            List<String> cpu = new ArrayList<>();
            for (int rate : concat(0, rates)) {
                for (LoadPhase.Target t : targets) {
                    String name = t.name() + (rate > 0 ? " at " + rate + " req/s" : " closed loop");
                    if (warmupSeconds > 0 && rate == 0) {
                        progress("warming up " + name + " for " + warmupSeconds + " s");
                        await(new LoadPhase(context, client, t).closed(connections, warmupSeconds), warmupSeconds);
                    }
                    progress("measuring " + name + " for " + durationSeconds + " s");
                    CpuSample before = CpuSample.take(gateway);
                    LoadPhase phase = new LoadPhase(context, client, t);
                    results.add(await(rate == 0 ? phase.closed(connections, durationSeconds)
                            : phase.paced(connections, rate, durationSeconds), durationSeconds));
                    cpu.add(CpuSample.take(gateway).since(before, results.get(results.size() - 1).name()));
                }
            }
            table(results);
            line("");
            line("CPU during each measurement (100%% = one core; %d cores in all):", Runtime.getRuntime()
                    .availableProcessors());
            cpu.forEach(c -> line("%s", c));
            line("load average after: %s", loadAverage());
            client.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            upstream.close();
            Files.deleteIfExists(catalog);
        }
        writeReport();
    }

    private void writeReport() throws IOException {
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
            progress("report written to " + out);
        }
    }

    private static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"messages\":" + PROMPT + (stream
                ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}" : "}");
    }

    /** Waits for a phase, at most its length plus the drain time of the requests in flight (their idle timeout). */
    private static LoadPhase.Result await(CompletableFuture<LoadPhase.Result> phase,
                                           long seconds) throws Exception {
        return phase.get(seconds + 30, TimeUnit.SECONDS);
    }

    private void table(List<LoadPhase.Result> results) {
        line("%-34s %9s %9s %7s %8s %8s %8s %8s", "phase", "requests", "req/s", "errors", "p50 ms", "p90 ms",
                "p99 ms", "max ms");
        List<String> errors = new ArrayList<>();
        for (LoadPhase.Result r : results) {
            if (r.target().stream()) {
                row(r.name() + " TTFT", r, r.firstContent());
                row(r.name() + " [DONE]", r, r.complete());
            } else {
                row(r.name(), r, r.complete());
            }
            if (r.firstError() != null) {
                errors.add(r.name() + ": first error: " + r.firstError());
            }
        }
        line("");
        line("added by the gateway (gateway minus direct, per percentile; TTFT = time to the first content event):");
        line("%-34s %8s %8s %8s   %s", "", "p50 ms", "p90 ms", "p99 ms", "gateway throughput");
        for (int i = 0; i + 1 < results.size(); i += 2) {
            LoadPhase.Result direct = results.get(i);
            LoadPhase.Result gateway = results.get(i + 1);
            String load = direct.rate() > 0 ? "at " + direct.rate() + " req/s" : "closed loop";
            added((direct.target().stream() ? "stream TTFT, " : "plain, ") + load, direct, gateway,
                    direct.target().stream());
        }
        errors.forEach(e -> line("%s", e));
    }

    private void row(String name, LoadPhase.Result r, Latencies latencies) {
        Latencies.Summary s = latencies.summary();
        line("%-34s %9d %9.0f %7d %8.3f %8.3f %8.3f %8.3f", name, r.complete().count(), r.requestsPerSecond(),
                r.errors(), s.p50(), s.p90(), s.p99(), s.max());
    }

    private void added(String name, LoadPhase.Result direct, LoadPhase.Result gateway, boolean ttft) {
        Latencies.Summary d = (ttft ? direct.firstContent() : direct.complete()).summary();
        Latencies.Summary g = (ttft ? gateway.firstContent() : gateway.complete()).summary();
        line("%-34s %8.3f %8.3f %8.3f   %.0f req/s = %.0f%% of direct", name, g.p50() - d.p50(),
                g.p90() - d.p90(), g.p99() - d.p99(), gateway.requestsPerSecond(),
                100 * gateway.requestsPerSecond() / direct.requestsPerSecond());
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" ", Arrays.copyOf(f, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        report.append(s).append('\n');
        System.out.println(s);
        System.out.flush();
    }

    private static void progress(String s) {
        System.err.println("[bench] " + s);
    }

    /** CPU time of the gateway, of this JVM (load generator and fake upstream) and of the whole machine. */
    record CpuSample(long nanos, long gateway, long harness, long[] machine) {

        static CpuSample take(GatewayProcess gateway) {
            long harness = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new CpuSample(System.nanoTime(), gateway.cpuNanos(), harness, readMachine());
        }

        String since(CpuSample before, String phase) {
            double wall = nanos - before.nanos;
            long busy = machine[0] - before.machine[0];
            long total = machine[1] - before.machine[1];
            return String.format(Locale.ROOT, "  %-30s gateway JVM %4.0f%%, harness JVM (client + fake upstream)"
                            + " %4.0f%%, whole machine %3.0f%% busy of %d%%", phase,
                    gateway < 0 ? Double.NaN : 100 * (gateway - before.gateway) / wall,
                    100 * (harness - before.harness) / wall, total > 0 ? 100.0 * busy / total * cores() : Double.NaN,
                    100 * cores());
        }

        private static int cores() {
            return Runtime.getRuntime().availableProcessors();
        }

        /** Busy and total jiffies of all CPUs, from /proc/stat; zeros where there is none. */
        static long[] readMachine() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
                return new long[] { total - idle, total };
            } catch (IOException | RuntimeException e) {
                return new long[] { 0, 0 };
            }
        }
    }
}
