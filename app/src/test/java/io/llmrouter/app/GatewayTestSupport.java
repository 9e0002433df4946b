package io.llmrouter.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.llmrouter.testing.FakeAnthropicUpstream;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts one gateway (real Camel Main, real HTTP on an ephemeral port) in front of a fake OpenAI upstream and a fake
 * Anthropic upstream, with a catalog of fake models, a dead provider (refused connections) and the upstreams' key in a
 * fake environment.
 */
abstract class GatewayTestSupport {

    static final String KEY = "sk-test-secret-key-0123456789";

    static FakeOpenAiUpstream upstream;
    static FakeAnthropicUpstream anthropic;
    static Gateway gateway;
    static HttpClient http;
    static Path catalogFile;

    @BeforeAll
    static void startGateway() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        anthropic = FakeAnthropicUpstream.start();
        catalogFile = Files.createTempFile("catalog", ".yaml");
        Files.writeString(catalogFile, """
                providers:
                  - id: fake
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
                """.formatted(upstream.baseUrl(), deadPort(), anthropic.baseUrl()));
        gateway = new Gateway(new GatewayOptions(0, catalogFile.toString(), null, 64 * 1024),
                Map.of("FAKE_KEY", KEY)::get).start();
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
        if (anthropic != null) {
            anthropic.close();
        }
        Files.deleteIfExists(catalogFile);
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
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

    /** A port nothing listens on: bound once, then released. */
    private static int deadPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
