package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;

/**
 * One gateway JVM started from the shaded jar on loopback, its output in {@code LOGS/NAME.log}, its ledger database in
 * {@code LOGS/NAME-data} unless its environment names a JDBC URL.
 */
final class GatewayNode {

    static final Path JAR = Path.of("target", "llmrouter.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:/\\s]+:(\\d+)");
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final Process process;
    final Path log;
    int port;

    private GatewayNode(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The variables that make a node a member of a loopback cluster. */
    static Map<String, String> clusterEnvironment(String cluster, int clusterPort, String members) {
        return Map.of("LLMROUTER_CLUSTER_ENABLED", "true", "LLMROUTER_CLUSTER_NAME", cluster,
                "LLMROUTER_CLUSTER_PORT", Integer.toString(clusterPort), "LLMROUTER_CLUSTER_MEMBERS", members);
    }

    /**
     * @param jvmArgs more {@code -D} options
     * @param env     the node's variables; the caller's provider keys and gateway settings are not passed on
     */
    static GatewayNode launch(String name, Path logs, Path catalog, List<String> jvmArgs, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dhazelcast.partition.count=23",
                "-Dhazelcast.phone.home.enabled=false",
                "-Dhazelcast.heartbeat.interval.seconds=1",
                "-Dhazelcast.max.no.heartbeat.seconds=5",
                "-Dhazelcast.wait.seconds.before.join=0",
                "-Dhazelcast.local.localAddress=127.0.0.1",
                "-Dhazelcast.socket.bind.any=false",
                "-Dllmrouter.data-dir=" + logs.resolve(name + "-data")));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", JAR.toString(), "--port", "0", "--config", catalog.toString()));
        Path log = logs.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = pb.environment();
        environment.keySet().removeIf(k -> k.endsWith("_API_KEY") || k.endsWith("_BASE_URL")
                                           || k.startsWith("LLMROUTER_") || k.startsWith("CAMEL_"));
        environment.putAll(env);
        return new GatewayNode(name, pb.start(), log);
    }

    void awaitListening() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !process.isAlive() || listeningPort() > 0);
        assertThat(process.isAlive()).as("node %s runs; its output: %s", name, output()).isTrue();
        port = listeningPort();
    }

    private int listeningPort() {
        Matcher m = LISTENING.matcher(output());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** GET /admin/cluster, with the master key when one is given. */
    JsonNode cluster(String... masterKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url("/admin/cluster")).timeout(Duration.ofSeconds(10)).GET();
        if (masterKey.length > 0) {
            b.header("Authorization", "Bearer " + masterKey[0]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(name + " /admin/cluster: " + r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    HttpResponse<String> chat(String... models) throws IOException, InterruptedException {
        return http.send(request(models), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> chatAsync(String... models) {
        return http.sendAsync(request(models), HttpResponse.BodyHandlers.ofString());
    }

    /** Any request to this node. */
    CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        return http.sendAsync(request.uri(url(request.build().uri().getPath())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> streamAsync(String model) {
        String body = GatewayFixture.body(true, model)
                .replace("\"stream\":true,", "\"stream\":true,\"stream_options\":{\"include_usage\":true},");
        return http.sendAsync(HttpRequest.newBuilder(url("/v1/chat/completions")).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String... models) {
        String body = GatewayFixture.body(false, models);
        return HttpRequest.newBuilder(url("/v1/chat/completions")).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public String toString() {
        return name + " (" + port + ")";
    }
}
