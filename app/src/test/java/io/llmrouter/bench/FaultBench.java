package io.llmrouter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * Issue 11's fault run: paced load on the gateway while its upstream answers 500 to everything for 20 s, then
 * recovers. Once with a single provider (callers should get fast errors while its breaker is open, then full service)
 * and once with a healthy second provider named as a fallback (callers should not notice). Prints a per-second
 * timeline (answers, errors, slowest error) and when full rate came back, measured from the recovery.
 */
final class FaultBench {

    private static final String ANSWER = "Hello from the fake upstream.";
    private static final int RATE = 1000;
    private static final int CONNECTIONS = 50;
    private static final long HEALTHY_BEFORE = 10;
    private static final long FAILING = 20;
    private static final long HEALTHY_AFTER = 40;
    /** The gateway's default breaker open time, which the timeline is read against. */
    private static final long OPEN_SECONDS = 10;

    private final Path jar;
    private final List<String> gatewayJvmArgs;
    private final Consumer<String> out;

    FaultBench(Path jar, List<String> gatewayJvmArgs, Consumer<String> out) {
        this.jar = jar;
        this.gatewayJvmArgs = gatewayJvmArgs;
        this.out = out;
    }

    void run() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        FakeOpenAiUpstream primary = FakeOpenAiUpstream.start().recordRequests(false);
        FakeOpenAiUpstream backup = FakeOpenAiUpstream.start().recordRequests(false);
        Behavior ok = Behavior.text(ANSWER);
        Behavior error = Behavior.serverError();
        primary.on("up", call -> (failing.get() ? error : ok).respond(call));
        backup.on("up", ok);
        Path catalog = Files.createTempFile("bench-fault", ".yaml");
        Files.writeString(catalog, """
                providers:
                  - { id: primary, type: openai, base_url: %s }
                  - { id: backup, type: openai, base_url: %s }
                models:
                  - { id: solo, provider: primary, upstream: up }
                  - { id: backup, provider: backup, upstream: up }
                """.formatted(primary.baseUrl(), backup.baseUrl()));
        Path gatewayLog = jar.toAbsolutePath().getParent().resolve("bench-fault-gateway.log");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (GatewayProcess gateway = GatewayProcess.start(jar, catalog, gatewayJvmArgs, gatewayLog,
                Duration.ofSeconds(60))) {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(CONNECTIONS).setMaxWaitQueueSize(-1));
            Context context = vertx.getOrCreateContext();
            out.accept(String.format(Locale.ROOT, "FaultBench: %d req/s over %d connections; the upstream answers 500 to"
                    + " everything from second %d to %d; gateway breaker defaults (opens at 50%% of 20 calls, open %d s)",
                    RATE, CONNECTIONS, HEALTHY_BEFORE, HEALTHY_BEFORE + FAILING, OPEN_SECONDS));
            for (String models : List.of("\"model\":\"solo\"", "\"models\":[\"solo\",\"backup\"]")) {
                // warm the gateway's JIT and pools first, healthy
                failing.set(false);
                String body = "{" + models + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                LoadPhase.Target target = new LoadPhase.Target("gateway " + models.replace("\"", ""), gateway.port(),
                        body, false);
                new LoadPhase(context, client, target).paced(CONNECTIONS, RATE, 10).get(60, TimeUnit.SECONDS);
                long total = HEALTHY_BEFORE + FAILING + HEALTHY_AFTER;
                CompletableFuture<LoadPhase.Result> phase = new LoadPhase(context, client, target)
                        .paced(CONNECTIONS, RATE, total);
                vertx.setTimer(HEALTHY_BEFORE * 1000, id -> failing.set(true));
                vertx.setTimer((HEALTHY_BEFORE + FAILING) * 1000, id -> failing.set(false));
                report(phase.get(total + 60, TimeUnit.SECONDS));
            }
            client.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            primary.close();
            backup.close();
            Files.deleteIfExists(catalog);
        }
    }

    private void report(LoadPhase.Result r) {
        out.accept("");
        out.accept(r.target().name() + ": second, answers, errors, slowest error ms");
        StringBuilder line = new StringBuilder();
        long recovered = HEALTHY_BEFORE + FAILING;
        int fullRateAgain = -1;
        long errorsAfterOpenTime = 0;
        long errorsDuringOutage = 0;
        long slowestOutageError = 0;
        for (int s = 0; s < r.okBySecond().length; s++) {
            line.append(String.format(Locale.ROOT, "  %2d: %4d %4d %7.1f", s, r.okBySecond()[s], r.errorsBySecond()[s],
                    r.slowestErrorBySecond()[s] / 1e6));
            if ((s + 1) % 4 == 0) {
                out.accept(line.toString());
                line.setLength(0);
            }
            if (s >= HEALTHY_BEFORE && s < recovered) {
                errorsDuringOutage += r.errorsBySecond()[s];
                slowestOutageError = Math.max(slowestOutageError, r.slowestErrorBySecond()[s]);
            }
            if (s >= recovered && fullRateAgain < 0 && r.okBySecond()[s] >= RATE * 0.95) {
                fullRateAgain = s;
            }
            if (s >= recovered + OPEN_SECONDS + 1) {
                errorsAfterOpenTime += r.errorsBySecond()[s];
            }
        }
        if (!line.isEmpty()) {
            out.accept(line.toString());
        }
        out.accept(String.format(Locale.ROOT, "  errors during the outage: %d (slowest %.1f ms); full rate again %s after"
                + " the recovery; errors from recovery + open time + 1 s on: %d; total errors %d of %d requests",
                errorsDuringOutage, slowestOutageError / 1e6, fullRateAgain < 0 ? "never"
                        : (fullRateAgain - recovered) + " s", errorsAfterOpenTime, r.errors(),
                r.errors() + r.complete().count()));
    }
}
