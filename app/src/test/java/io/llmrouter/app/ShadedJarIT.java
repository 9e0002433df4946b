package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar people download really starts with {@code java -jar}: with no provider key it serves the simulated
 * models, says so in its log, and answers over HTTP; bad options stop it with a message.
 */
class ShadedJarIT {

    private static final Path JAR = Path.of("target", "llmrouter.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:/\\s]+:(\\d+)");

    private static Process gateway;
    private static final List<String> log = new CopyOnWriteArrayList<>();
    private static int port;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTheJar() throws Exception {
        assertThat(JAR).as("the shaded jar built by the package phase").exists();
        gateway = launch("--port", "0");
        Thread reader = new Thread(() -> drain(gateway, log), "llmrouter-jar-output");
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !gateway.isAlive() || log.stream().anyMatch(l -> LISTENING.matcher(l).find()));
        assertThat(gateway.isAlive()).as("the jar is running; its output: %s", log).isTrue();
        for (String line : log) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        assertThat(port).as("the port in the startup log").isPositive();
    }

    @AfterAll
    static void stopTheJar() throws InterruptedException {
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(15, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void startupLogSaysAnswersAreSimulated() {
        assertThat(String.join("\n", log)).contains("SIMULATED");
    }

    @Test
    void modelsListShowsTheSimulatedModels() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/v1/models")))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        body.path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids).contains("sim-mini", "sim-large", "sim-embed").doesNotContain("gpt-4o");
    }

    @Test
    void adminClusterReportsAStandaloneNodeWithItsDeployments() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/admin/cluster")))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("mode").asText()).isEqualTo("standalone");
        assertThat(body.toString()).contains("sim-mini");
    }

    @Test
    void dashboardPageAndItsChartLibraryAreServedFromTheJar() throws Exception {
        for (String path : new String[] {"/ui/", "/ui/dashboard.js", "/ui/lib/uPlot.iife.min.js"}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void chatCompletionIsAnsweredBySimMiniAndLabelledSimulated() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"sim-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("model").asText()).isEqualTo("sim-mini");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).contains("[simulated");
        assertThat(r.headers().firstValue("x-llmrouter-provider")).contains("sim");
    }

    @Test
    void metricsAreServedFromTheJarUnderTheGenAiNames() throws Exception {
        chatCompletionIsAnsweredBySimMiniAndLabelledSimulated();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/metrics")))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue(MetricsEndpoint.CONTENT_TYPE);
        PrometheusText metrics = PrometheusText.parse(r.body());
        assertThat(metrics.samples("gen_ai_client_token_usage_count")).anySatisfy(s -> assertThat(s.labels())
                .containsEntry("gen_ai_response_model", "sim-mini").containsEntry("gen_ai_provider_name", "sim"));
        assertThat(metrics.names()).contains("llmrouter_breaker_state", "llmrouter_in_flight", "jvm_memory_used_bytes");
    }

    @Test
    void streamedChatCompletionEndsWithDone() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"sim-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/event-stream"));
        assertThat(r.body()).contains("chat.completion.chunk", "[simulated").endsWith("data: [DONE]\n\n");
    }

    @Test
    void brokenCatalogStopsTheJarNamingFileAndEntry(@TempDir Path dir) throws Exception {
        Path catalog = Files.writeString(dir.resolve("broken.yaml"),
                "providers: []\nmodels:\n  - id: lonely\n    provider: nowhere\n");

        Finished run = runToEnd(launch("--port", "0", "--config", catalog.toString()));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains(catalog.toString(), "models[0] (lonely)", "provider 'nowhere'");
    }

    @Test
    void unknownFlagStopsTheJarWithTheUsage() throws Exception {
        Finished run = runToEnd(launch("--prot", "8080"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("unknown argument '--prot'", "usage:");
    }

    /** Starts the jar with a clean environment: no provider keys or URLs, no gateway settings of the caller's. */
    private static Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dllmrouter.data-dir=" + Path.of("target", "it-data", "jar-" + System.nanoTime()));
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.endsWith("_API_KEY") || k.endsWith("_BASE_URL") || k.startsWith("LLMROUTER_"));
        return pb.start();
    }

    private static void drain(Process p, List<String> into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                into.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static Finished runToEnd(Process p) throws InterruptedException {
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> drain(p, out));
        reader.start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the jar did not stop: " + out);
        }
        reader.join(5_000);
        return new Finished(p.exitValue(), String.join("\n", out));
    }

    private record Finished(int exitCode, String output) {
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
