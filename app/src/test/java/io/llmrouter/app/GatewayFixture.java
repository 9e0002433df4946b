package io.llmrouter.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.llmrouter.camel.LlmComponent;
import io.llmrouter.engine.LlmEngine;

/**
 * A gateway of a test's own making: its catalog, Camel Main properties (e.g. circuit breaker settings) and, when
 * given, options on the front route's {@code llm:chat} endpoint (the shipped routes/gateway.yaml, rewritten into a
 * routes directory of its own beside routes/admin.yaml). Real Camel Main on an ephemeral port; {@link #close()} stops it and deletes its files.
 */
final class GatewayFixture implements AutoCloseable {

    static final String FAKE_KEY = "sk-test-secret-key-0123456789";

    private final Gateway gateway;
    private final Path dir;
    private final HttpClient http;

    private GatewayFixture(Gateway gateway, Path dir, HttpClient http) {
        this.gateway = gateway;
        this.dir = dir;
        this.http = http;
    }

    /**
     * @param catalogYaml  the catalog; providers may name {@code api_key_env: FAKE_KEY}
     * @param properties   Camel Main properties, e.g. {@code camel.component.llm.circuit-window}
     * @param chatOptions  query of the front route's llm:chat endpoint (e.g. {@code hedgeAfter=200}), or null for the
     *                     shipped routes
     */
    static GatewayFixture start(String catalogYaml, Map<String, String> properties, String chatOptions)
            throws Exception {
        return start(catalogYaml, properties, chatOptions, GatewayOptions.DEFAULT_MAX_IN_FLIGHT);
    }

    /** @param maxInFlight the front door's in-flight limit */
    static GatewayFixture start(String catalogYaml, Map<String, String> properties, String chatOptions,
                                int maxInFlight) throws Exception {
        return start(catalogYaml, properties, chatOptions, maxInFlight, Map.of());
    }

    /** @param env variables the gateway sees besides FAKE_KEY (e.g. OTEL_EXPORTER_OTLP_ENDPOINT) */
    static GatewayFixture start(String catalogYaml, Map<String, String> properties, String chatOptions,
                                int maxInFlight, Map<String, String> env) throws Exception {
        Path dir = Files.createTempDirectory("llmrouter-gw");
        Path catalog = dir.resolve("catalog.yaml");
        Files.writeString(catalog, catalogYaml);
        String routesDir = null;
        if (chatOptions != null) {
            Path routes = Files.createDirectories(dir.resolve("routes"));
            String shipped;
            try (InputStream in = GatewayFixture.class.getResourceAsStream("/routes/gateway.yaml")) {
                shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String rewritten = shipped.replace("uri: llm:chat\n", "uri: \"llm:chat?" + chatOptions + "\"\n");
            if (rewritten.equals(shipped)) {
                throw new IllegalStateException("routes/gateway.yaml has no 'uri: llm:chat' line to add options to");
            }
            Files.writeString(routes.resolve("gateway.yaml"), rewritten);
            try (InputStream in = GatewayFixture.class.getResourceAsStream("/routes/admin.yaml")) {
                Files.write(routes.resolve("admin.yaml"), in.readAllBytes());
            }
            routesDir = routes.toString();
        }
        Gateway gateway = new Gateway(new GatewayOptions(0, catalog.toString(), routesDir, 1024 * 1024,
                maxInFlight),
                withFakeKey(env)::get, withDataDir(properties, dir)).start();
        return new GatewayFixture(gateway, dir, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    private static Map<String, String> withFakeKey(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("FAKE_KEY", FAKE_KEY);
        return all;
    }

    /** The gateway's own ledger database, in its directory, unless the test names one. */
    private static Map<String, String> withDataDir(Map<String, String> properties, Path dir) {
        if (properties.containsKey("llmrouter.data-dir")) {
            return properties;
        }
        Map<String, String> p = new java.util.HashMap<>(properties);
        p.put("llmrouter.data-dir", dir.resolve("data").toString());
        return p;
    }

    Gateway gateway() {
        return gateway;
    }

    /** Requests the front door has admitted and not yet answered. */
    int frontDoorInFlight() {
        return gateway.camelContext().hasService(FrontDoor.class).inFlight();
    }

    LlmEngine engine() {
        return gateway.camelContext().getComponent("llm", LlmComponent.class).getEngine();
    }

    String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    HttpClient http() {
        return http;
    }

    /** A call of the admin API with this credential as the bearer (none when null) and JSON body (none when null). */
    HttpResponse<String> admin(String method, String path, String json, String credential)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .header("content-type", "application/json");
        if (credential != null) {
            b.header("Authorization", "Bearer " + credential);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A chat completion request; {@code headers} as name, value pairs. */
    HttpRequest request(String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    /** Posts a chat completion and waits for the whole answer (for a stream: until it ends). */
    HttpResponse<String> chat(String json, String... headers) throws IOException, InterruptedException {
        return http.send(request(json, headers), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a whole chat completion on a raw connection and leaves it open, unread, so a test decides when the caller
     * leaves (closing the socket mid-answer).
     */
    Socket sendAndKeepOpen(String json) throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    /**
     * Sends only the headers of a chat completion announcing a large body, none of which follows, and returns the
     * status line the gateway answers with (a hang shows as a read timeout after 10 s).
     */
    String statusBeforeTheBody(String contentType) throws IOException {
        return statusBeforeTheBody(gateway.port(), contentType);
    }

    static String statusBeforeTheBody(int port, String contentType) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: 5000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** The catalog file the gateway was started with (rewrite it to reload). */
    Path catalogFile() {
        return dir.resolve("catalog.yaml");
    }

    /** A plain chat request body for the given models, tried in order under the ordered strategy. */
    static String body(boolean stream, String... models) {
        StringBuilder sb = new StringBuilder("{");
        if (models.length == 1) {
            sb.append("\"model\":\"").append(models[0]).append("\",");
        } else {
            sb.append("\"models\":[");
            for (int i = 0; i < models.length; i++) {
                sb.append(i == 0 ? "" : ",").append('"').append(models[i]).append('"');
            }
            sb.append("],");
        }
        if (stream) {
            sb.append("\"stream\":true,");
        }
        return sb.append("\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}").toString();
    }

    @Override
    public void close() throws Exception {
        try {
            gateway.close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
