package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.FakeAnthropicUpstream;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts one gateway (real Camel Main, real HTTP on an ephemeral port) in front of a fake OpenAI upstream and a fake
 * Anthropic upstream, with a catalog of fake chat models on three providers, an embeddings model, a dead provider
 * (refused connections) and the providers' key in a fake environment.
 */
abstract class GatewayTestSupport {

    static final String KEY = "sk-test-secret-key-0123456789";

    static FakeOpenAiUpstream upstream;
    /** A second provider's upstream, on its own port: calls to it never share a pooled connection with {@link #upstream}. */
    static FakeOpenAiUpstream otherUpstream;
    static FakeAnthropicUpstream anthropic;
    static Gateway gateway;
    static HttpClient http;
    static Path catalogFile;

    @BeforeAll
    static void startGateway() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        otherUpstream = FakeOpenAiUpstream.start();
        anthropic = FakeAnthropicUpstream.start();
        catalogFile = Files.createTempFile("catalog", ".yaml");
        Files.writeString(catalogFile, """
                providers:
                  - id: fake
                    type: openai
                    base_url: %s
                    api_key_env: FAKE_KEY
                  - id: other
                    type: openai
                    base_url: %s
                    api_key_env: FAKE_KEY
                  - id: dead
                    type: openai
                    base_url: http://127.0.0.1:%d/v1
                  - id: anth
                    type: anthropic
                    base_url: %s
                    api_key_env: FAKE_KEY
                models:
                  - id: model-a
                    provider: fake
                    upstream: up-a
                    price: { input: 1.0, output: 2.0 }
                    context_window: 8000
                    capabilities: [chat, tools, vision, json_mode, json_schema, streaming]
                  - id: model-b
                    aliases: [bee]
                    provider: fake
                    upstream: up-b
                    price: { input: 0.5, output: 1.0 }
                    capabilities: [chat, tools, streaming]
                  - id: model-c
                    provider: fake
                    upstream: up-c
                    capabilities: [chat, tools, streaming]
                  - id: model-other
                    provider: other
                    upstream: up-other
                    capabilities: [chat, tools, streaming]
                  - id: model-dead
                    provider: dead
                    upstream: up-dead
                  - id: embed-a
                    provider: fake
                    upstream: up-embed
                    price: { input: 0.1, output: 0 }
                    capabilities: [embeddings]
                  - id: fake/*
                    provider: fake
                  - id: claude-a
                    provider: anth
                    upstream: up-claude
                    price: { input: 3.0, output: 15.0, cached_input: 0.3 }
                    max_output_tokens: 8192
                    capabilities: [chat, tools, vision, streaming]
                """.formatted(upstream.baseUrl(), otherUpstream.baseUrl(), deadPort(), anthropic.baseUrl()));
        // no same-deployment retries here: these tests pin down failover; the retry policy has its own tests. One
        // event loop: requests on two connections then share the upstream pool, which some tests here depend on
        // (a connection given back to the pool and reused by the next request); EventLoopsTest covers several
        gateway = new Gateway(new GatewayOptions(0, catalogFile.toString(), null, 64 * 1024,
                GatewayOptions.DEFAULT_HEADER_READ_TIMEOUT_MILLIS, GatewayOptions.DEFAULT_IDLE_TIMEOUT_MILLIS,
                GatewayOptions.DEFAULT_MAX_IN_FLIGHT, 1, GatewayOptions.DEFAULT_BODY_READ_TIMEOUT_MILLIS),
                Map.of("FAKE_KEY", KEY)::get, Map.of("camel.component.llm.configuration.retries", "0")).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (otherUpstream != null) {
            otherUpstream.close();
        }
        if (anthropic != null) {
            anthropic.close();
        }
        Files.deleteIfExists(catalogFile);
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
        otherUpstream.reset();
        anthropic.reset();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A chat request body for one user message, with extra top-level JSON members (e.g. {@code "stream":true}). */
    static String chat(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]"
               + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    /** The payloads of a Server-Sent Events body's {@code data:} lines, in order. */
    static List<String> dataEvents(String sse) {
        List<String> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data:")) {
                out.add(line.substring(5).strip());
            }
        }
        return out;
    }

    /** The JSON chunks of a stream's data events, without [DONE]. */
    static List<JsonNode> chunks(List<String> events) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String e : events) {
            if (!e.equals("[DONE]")) {
                out.add(Json.MAPPER.readTree(e));
            }
        }
        return out;
    }

    /** The text the chunks' content deltas add up to. */
    static String content(List<JsonNode> chunks) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode c : chunks) {
            for (JsonNode choice : c.path("choices")) {
                sb.append(choice.path("delta").path("content").asText(""));
            }
        }
        return sb.toString();
    }

    /**
     * Asserts the response is OpenAI's error JSON with the status (all four members present, no stack trace) and
     * returns the {@code error} object.
     */
    static JsonNode assertOpenAiError(HttpResponse<String> r, int status) throws IOException {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        assertThat(r.body()).as("a stack trace").doesNotContain("Exception", "\tat ");
        JsonNode error = json(r).path("error");
        assertThat(error.isObject()).as("error object in %s", r.body()).isTrue();
        assertThat(error.path("message").isTextual()).as("message in %s", r.body()).isTrue();
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").isTextual()).as("type in %s", r.body()).isTrue();
        assertThat(error.has("param")).as("param in %s", r.body()).isTrue();
        assertThat(error.has("code")).as("code in %s", r.body()).isTrue();
        return error;
    }

    /** A port nothing listens on: bound once, then released. */
    private static int deadPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
