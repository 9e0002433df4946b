package io.llmrouter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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
import org.awaitility.Awaitility;

/**
 * Clustered against in-memory state at the same load ({@code --cluster true}). Two gateway JVMs run side by side from
 * the same catalog, one with in-memory state, one with {@code llmrouter.cluster.enabled=true} as a member of a
 * two-member Hazelcast cluster whose other member is a plain Hazelcast member ({@link ClusterPeer}) in a third JVM. Both
 * are measured alternately with plain completions: closed loop (after a warm-up) and paced at each rate, for models
 * without limits (no rate window; the spend write only) and for models with rpm/tpm limits that do not bind (their
 * windows grant the gateway shares of a 32nd of the headroom, asked for again in the background once half is used).
 * Every model has a price, so every answer records spend: group-committed to the gateway's own ledger shard, which the
 * answer does not wait for under the default {@code llmrouter.cluster.spend-durability=async} (pass
 * {@code -Dllmrouter.cluster.spend-durability=sync} in {@code LLMROUTER_BENCH_GATEWAY_JVM_ARGS} to measure the other).
 * The limited models are chosen after the cluster has formed so that half of their windows live on the gateway and
 * half on the peer. Reports p50/p90/p99 of each and clustered minus in-memory per percentile.
 */
final class ClusterBench {

    private static final String UPSTREAM_MODEL = "up-bench";
    private static final String ANSWER = "Hello from the fake upstream, answering at once.";
    private static final String PROMPT = "[{\"role\":\"user\",\"content\":\"Say hello to the load harness.\"}]";
    /** Limited models written to the catalog; PER_SIDE of them owned by each member are used. */
    private static final int CANDIDATES = 16;
    private static final int PER_SIDE = 4;
    /** Deployments without limits the requests rotate over. */
    private static final int FREE = 2 * PER_SIDE;
    /**
     * Does not bind: twice the requests a model gets in a minute of the fastest closed loop here (about 19,000 req/s
     * over 8 models), so the gateway's share of a window is asked for again every few seconds under load.
     */
    private static final String NEVER_BINDING = "{ rpm: 300000, tpm: 2000000000 }";
    /** Hazelcast on 127.0.0.1 only. */
    private static final List<String> LOOPBACK = List.of("-Dhazelcast.local.localAddress=127.0.0.1",
            "-Dhazelcast.socket.bind.any=false");

    private final Path jar;
    private final int connections;
    private final long warmupSeconds;
    private final long durationSeconds;
    private final List<Integer> rates;
    private final List<String> gatewayJvmArgs;
    private final Consumer<String> line;

    ClusterBench(Path jar, int connections, long warmupSeconds, long durationSeconds, List<Integer> rates,
            List<String> gatewayJvmArgs, Consumer<String> line) {
        this.jar = jar;
        this.connections = connections;
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = durationSeconds;
        this.rates = rates;
        this.gatewayJvmArgs = gatewayJvmArgs;
        this.line = line;
    }

    private record Measured(String state, boolean limits, LoadPhase.Result result, String cpu) {
    }

    void run() throws Exception {
        Path catalog = Files.createTempFile("bench-cluster-catalog", ".yaml");
        Path dir = jar.toAbsolutePath().getParent();
        FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start().recordRequests(false);
        upstream.on(UPSTREAM_MODEL, Behavior.text(ANSWER));
        StringBuilder models = new StringBuilder();
        for (int i = 0; i < FREE; i++) {
            models.append(model("bench-free-" + i, null));
        }
        for (int i = 0; i < CANDIDATES; i++) {
            models.append(model("bench-limited-" + i, NEVER_BINDING));
        }
        Files.writeString(catalog, """
                providers:
                  - id: fake
                    type: openai
                    base_url: %s
                models:
                %s""".formatted(upstream.baseUrl(), models));
        String name = "llmrouter-bench-" + ProcessHandle.current().pid();
        int peerPort = freePort();
        int gatewayPort = freePort();
        String members = "127.0.0.1:" + peerPort + ",127.0.0.1:" + gatewayPort;
        List<String> clusterArgs = new ArrayList<>(gatewayJvmArgs);
        clusterArgs.addAll(LOOPBACK);
        clusterArgs.addAll(List.of("-Dllmrouter.cluster.enabled=true", "-Dllmrouter.cluster.name=" + name,
                "-Dllmrouter.cluster.port=" + gatewayPort, "-Dllmrouter.cluster.members=" + members));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (Peer peer = Peer.start(name, peerPort, members, dir.resolve("bench-peer.log"));
             GatewayProcess memory = GatewayProcess.start(jar, catalog, gatewayJvmArgs,
                     dir.resolve("bench-gateway-memory.log"), Duration.ofSeconds(60));
             GatewayProcess clustered = GatewayProcess.start(jar, catalog, clusterArgs,
                     dir.resolve("bench-gateway-cluster.log"), Duration.ofSeconds(90))) {
            Awaitility.await("the clustered gateway joining the peer (see " + dir.resolve("bench-gateway-cluster.log") + ")")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Integer.parseInt(peer.ask("members").split(" ")[1]) == 2);
            List<String> limited = balanced(peer);
            List<String> free = new ArrayList<>();
            for (int i = 0; i < FREE; i++) {
                free.add("bench-free-" + i);
            }
            line("LoadHarness --cluster %s: clustered against in-memory state; %d connections; closed loop: %d s"
                    + " warm-up + %d s measured per phase; then paced at %s req/s, %d s each; plain completions;"
                    + " loopback only", Instant.now().toString().substring(0, 19) + "Z", connections, warmupSeconds,
                    durationSeconds, rates, durationSeconds);
            if (!gatewayJvmArgs.isEmpty()) {
                line("gateway JVM arguments: %s", String.join(" ", gatewayJvmArgs));
            }
            line("machine: %d CPUs, %s %s; load average before: %s", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"), LoadHarness.loadAverage());
            line("fake upstream: %s (in the harness JVM)", upstream.baseUrl());
            line("in-memory gateway: pid %d, port %d; clustered gateway: pid %d, port %d, Hazelcast 127.0.0.1:%d",
                    memory.pid(), memory.port(), clustered.pid(), clustered.port(), gatewayPort);
            line("cluster %s: 2 members, the clustered gateway and a plain Hazelcast member (ClusterPeer, pid %d,"
                    + " 127.0.0.1:%d) in its own JVM; 271 partitions, 1 synchronous backup", name, peer.pid(),
                    peerPort);
            line("no limits: requests rotate over %s (no rate window)", free);
            line("limits %s: requests rotate over %s; rate windows owned by: %s", NEVER_BINDING, limited,
                    peer.owners(limited));
            boolean sync = gatewayJvmArgs.contains("-Dllmrouter.cluster.spend-durability=sync");
            line("every request also records spend (price set): group-committed to the gateway's own ledger shard"
                    + " (one entry processor per batch, run locally, synchronous backup on the peer); spend durability"
                    + " %s", sync ? "sync: the answer waits for it" : "async: the answer does not wait for it");
            line("");
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
            Context context = vertx.getOrCreateContext();
            List<Measured> results = new ArrayList<>();
            for (int rate : concat(0, rates)) {
                for (boolean limits : List.of(false, true)) {
                    for (GatewayProcess g : List.of(memory, clustered)) {
                        String state = g == memory ? "in-memory" : "clustered";
                        LoadPhase.Target t = new LoadPhase.Target(state + (limits ? ", limits" : ", no limits"),
                                g.port(), bodies(limits ? limited : free), false);
                        String what = t.name() + (rate > 0 ? " at " + rate + " req/s" : " closed loop");
                        if (warmupSeconds > 0 && rate == 0) {
                            progress("warming up " + what + " for " + warmupSeconds + " s");
                            await(new LoadPhase(context, client, t).closed(connections, warmupSeconds));
                        }
                        progress("measuring " + what + " for " + durationSeconds + " s");
                        Cpu before = Cpu.take(memory, clustered, peer);
                        LoadPhase phase = new LoadPhase(context, client, t);
                        LoadPhase.Result r = await(rate == 0 ? phase.closed(connections, durationSeconds)
                                : phase.paced(connections, rate, durationSeconds));
                        results.add(new Measured(state, limits, r, Cpu.take(memory, clustered, peer).since(before,
                                r.name())));
                    }
                }
            }
            table(results);
            line("");
            String[] rateMap = peer.ask("size llmrouter.rate").split(" ");
            String[] spendMap = peer.ask("size llmrouter.spend").split(" ");
            line("after the run: llmrouter.rate has %s windows (%s owned by the peer), llmrouter.spend %s ledger shards"
                    + " (%s owned by the peer)", rateMap[2], rateMap[3], spendMap[2], spendMap[3]);
            line("");
            line("CPU during each measurement (100%% = one core; %d cores in all):",
                    Runtime.getRuntime().availableProcessors());
            results.forEach(m -> line("%s", m.cpu()));
            line("load average after: %s", LoadHarness.loadAverage());
            client.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            upstream.close();
            Files.deleteIfExists(catalog);
        }
    }

    private static String model(String id, String limits) {
        return """
                  - id: %s
                    provider: fake
                    upstream: %s
                    price: { input: 1.0, output: 2.0 }
                    capabilities: [chat, streaming]
                """.formatted(id, UPSTREAM_MODEL) + (limits == null ? "" : "    limits: " + limits + "\n");
    }

    /** PER_SIDE limited models whose window the gateway owns and PER_SIDE the peer owns, alternating. */
    private static List<String> balanced(Peer peer) throws Exception {
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < CANDIDATES; i++) {
            candidates.add("bench-limited-" + i);
        }
        Map<String, String> owners = peer.owners(candidates);
        List<String> local = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        owners.forEach((k, o) -> (o.equals("peer") ? remote : local).add(k));
        int n = Math.min(PER_SIDE, Math.min(local.size(), remote.size()));
        if (n == 0) {
            throw new IllegalStateException("all " + CANDIDATES + " rate windows on one member: " + owners);
        }
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chosen.add(local.get(i));
            chosen.add(remote.get(i));
        }
        return chosen;
    }

    private static List<String> bodies(List<String> models) {
        return models.stream().map(m -> "{\"model\":\"" + m + "\",\"messages\":" + PROMPT + "}").toList();
    }

    private void table(List<Measured> results) {
        line("%-44s %9s %9s %7s %8s %8s %8s %8s", "phase (plain completions)", "requests", "req/s", "errors",
                "p50 ms", "p90 ms", "p99 ms", "max ms");
        List<String> errors = new ArrayList<>();
        for (Measured m : results) {
            LoadPhase.Result r = m.result();
            Latencies.Summary s = r.complete().summary();
            line("%-44s %9d %9.0f %7d %8.3f %8.3f %8.3f %8.3f", r.name() + (r.rate() == 0 ? " closed loop" : ""),
                    r.complete().count(), r.requestsPerSecond(), r.errors(), s.p50(), s.p90(), s.p99(), s.max());
            if (r.firstError() != null) {
                errors.add(r.name() + ": first error: " + r.firstError());
            }
        }
        line("");
        line("added by clustering (clustered minus in-memory, per percentile):");
        line("%-44s %8s %8s %8s   %s", "", "p50 ms", "p90 ms", "p99 ms", "clustered throughput");
        for (int i = 0; i + 1 < results.size(); i += 2) {
            Measured memory = results.get(i);
            Measured clustered = results.get(i + 1);
            int rate = memory.result().rate();
            Latencies.Summary d = memory.result().complete().summary();
            Latencies.Summary c = clustered.result().complete().summary();
            line("%-44s %8.3f %8.3f %8.3f   %.0f req/s = %.0f%% of in-memory", (memory.limits()
                            ? "limits (rate windows), " : "no limits, ")
                            + (rate > 0 ? "at " + rate + " req/s" : "closed loop"), c.p50() - d.p50(),
                    c.p90() - d.p90(), c.p99() - d.p99(), clustered.result().requestsPerSecond(),
                    100 * clustered.result().requestsPerSecond() / memory.result().requestsPerSecond());
        }
        errors.forEach(e -> line("%s", e));
    }

    private LoadPhase.Result await(CompletableFuture<LoadPhase.Result> phase) throws Exception {
        return phase.get(Math.max(warmupSeconds, durationSeconds) + 30, TimeUnit.SECONDS);
    }

    private void line(String format, Object... args) {
        line.accept(String.format(Locale.ROOT, format, args));
    }

    private static void progress(String s) {
        System.err.println("[bench] " + s);
    }

    private static List<Integer> concat(int first, List<Integer> rest) {
        List<Integer> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** CPU time of both gateways, the peer, this JVM and the machine. */
    private record Cpu(long nanos, long memory, long clustered, long peer, long harness, long[] machine) {

        static Cpu take(GatewayProcess memory, GatewayProcess clustered, Peer peer) {
            long harness = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Cpu(System.nanoTime(), memory.cpuNanos(), clustered.cpuNanos(), peer.cpuNanos(), harness,
                    LoadHarness.CpuSample.readMachine());
        }

        String since(Cpu before, String phase) {
            double wall = nanos - before.nanos;
            long busy = machine[0] - before.machine[0];
            long total = machine[1] - before.machine[1];
            int cores = Runtime.getRuntime().availableProcessors();
            return String.format(Locale.ROOT, "  %-40s in-memory gateway %4.0f%%, clustered gateway %4.0f%%, peer"
                            + " %3.0f%%, harness %4.0f%%, machine %3.0f%% of %d%%", phase,
                    100 * (memory - before.memory) / wall, 100 * (clustered - before.clustered) / wall,
                    100 * (peer - before.peer) / wall, 100 * (harness - before.harness) / wall,
                    total > 0 ? 100.0 * busy / total * cores : Double.NaN, 100 * cores);
        }
    }

    /** The {@link ClusterPeer} JVM; asked questions over its stdin, its console in a log file. */
    private static final class Peer implements AutoCloseable {

        private final Process process;
        private final PrintWriter commands;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        private Peer(Process process) {
            this.process = process;
            this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        static Peer start(String name, int port, String members, Path log) throws Exception {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path")));
            command.addAll(LOOPBACK);
            command.addAll(List.of(ClusterPeer.class.getName(), name, Integer.toString(port), members));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "peer-stop"));
            Peer peer = new Peer(p);
            Thread pump = new Thread(() -> peer.pump(log), "peer-log");
            pump.setDaemon(true);
            pump.start();
            try {
                String ready = peer.answers.poll(60, TimeUnit.SECONDS);
                if (ready == null || !ready.startsWith("ready")) {
                    throw new IllegalStateException("the Hazelcast peer did not start within 60 s (" + ready
                            + "); see " + log);
                }
            } catch (Exception e) {
                peer.close();
                throw e;
            }
            return peer;
        }

        private void pump(Path log) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    out.println(l);
                    if (l.startsWith("PEER ")) {
                        answers.add(l.substring(5));
                    }
                }
            } catch (IOException e) {
                answers.add("failed " + e);
            }
            answers.add("exited");
        }

        String ask(String command) throws InterruptedException {
            commands.println(command);
            String a = answers.poll(30, TimeUnit.SECONDS);
            if (a == null || a.startsWith("exited") || a.startsWith("failed") || a.startsWith("unknown")) {
                throw new IllegalStateException("the Hazelcast peer did not answer '" + command + "': " + a);
            }
            return a;
        }

        Map<String, String> owners(List<String> keys) throws InterruptedException {
            Map<String, String> owners = new LinkedHashMap<>();
            for (String kv : ask("owners " + String.join(",", keys)).substring("owners ".length()).split(",")) {
                int eq = kv.indexOf('=');
                owners.put(kv.substring(0, eq), kv.substring(eq + 1).equals("peer") ? "peer" : "gateway");
            }
            return owners;
        }

        long pid() {
            return process.pid();
        }

        long cpuNanos() {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        }

        @Override
        public void close() throws InterruptedException {
            commands.close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
