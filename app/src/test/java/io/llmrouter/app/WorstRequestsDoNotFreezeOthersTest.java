package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worst request of each kind a caller may send (every list at or far over its cap, the largest body the gateway
 * accepts) is answered, and ordinary requests sent alongside are answered too, none of them frozen behind it. The bound
 * is a hang detector (the event loop used to freeze for 16 s on one request), not a speed measurement.
 */
class WorstRequestsDoNotFreezeOthersTest {

    private static final Duration NOT_FROZEN = Duration.ofSeconds(8);

    static FakeOpenAiUpstream upstream;
    static Gateway gateway;
    static Path catalog;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        upstream.on("up-fast", Behavior.text("fast answer"));
        upstream.on("up-embed", Behavior.embeddings(8));
        catalog = Files.createTempFile("catalog", ".yaml");
        Files.writeString(catalog, """
                providers:
                  - { id: fake, type: openai, base_url: %s }
                models:
                  - { id: fast, provider: fake, upstream: up-fast, capabilities: [chat, tools, streaming] }
                  - { id: embed, provider: fake, upstream: up-embed, capabilities: [embeddings] }
                  - { id: fake/*, provider: fake }
                """.formatted(upstream.baseUrl()));
        // the default body limit (10 MiB), the largest body a caller can send
        gateway = new Gateway(new GatewayOptions(0, catalog.toString(), null, GatewayOptions.DEFAULT_BODY_LIMIT),
                Map.<String, String>of()::get, Map.of()).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        Files.deleteIfExists(catalog);
    }

    @Test
    void ordinaryRequestsAreAnsweredWhileTheWorstRequestsOfEachKindAreRead() throws Exception {
        List<String[]> worst = List.of(
                new String[] { "/v1/chat/completions", models(150_000) },
                new String[] { "/v1/route", models(150_000) },
                new String[] { "/v1/chat/completions", models(64) },
                new String[] { "/v1/chat/completions", manyMessages(100_000) },
                new String[] { "/v1/chat/completions", oneLongMessage(9 * 1024 * 1024) },
                new String[] { "/v1/chat/completions", manyTools(128) },
                new String[] { "/v1/embeddings", manyInputs(2048, 2000) },
                new String[] { "/v1/messages", anthropicMessages(100_000) });
        List<CompletableFuture<HttpResponse<String>>> heavy = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> ordinary = new ArrayList<>();
        for (String[] w : worst) {
            heavy.add(send(w[0], w[1]));
            for (int i = 0; i < 3; i++) {
                ordinary.add(send("/v1/chat/completions",
                        "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            }
        }
        for (CompletableFuture<HttpResponse<String>> o : ordinary) {
            HttpResponse<String> r = o.get(NOT_FROZEN.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("fast answer");
        }
        for (int i = 0; i < heavy.size(); i++) {
            HttpResponse<String> r = heavy.get(i).get(60, TimeUnit.SECONDS);
            // answered in the caller's protocol: a 400 naming what is over its cap, or the answer
            assertThat(r.statusCode()).as("worst request %d: %s", i, r.body()).isIn(200, 400);
            if (r.statusCode() == 400) {
                assertThat(r.body()).contains("error");
            }
        }
        assertThat(heavy.get(0).get().statusCode()).isEqualTo(400);
        assertThat(heavy.get(0).get().body()).contains("models");
    }

    private static CompletableFuture<HttpResponse<String>> send(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String models(int n) {
        StringBuilder sb = new StringBuilder("{\"models\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("\"fake/m").append(i).append('"');
        }
        return sb.append("],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").toString();
    }

    private static String manyMessages(int n) {
        StringBuilder sb = new StringBuilder("{\"model\":\"fast\",\"messages\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"message number ").append(i)
                    .append("\"}");
        }
        return sb.append("]}").toString();
    }

    private static String oneLongMessage(int chars) {
        StringBuilder text = new StringBuilder(chars);
        while (text.length() < chars) {
            text.append("the quick brown fox jumps over the lazy dog ");
        }
        text.setLength(chars);
        return "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private static String manyTools(int n) {
        StringBuilder sb = new StringBuilder("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"type\":\"function\",\"function\":{\"name\":\"tool_").append(i)
                    .append("\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}");
        }
        return sb.append("]}").toString();
    }

    private static String manyInputs(int n, int chars) {
        String one = "x".repeat(chars);
        StringBuilder sb = new StringBuilder("{\"model\":\"embed\",\"input\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(one).append('"');
        }
        return sb.append("]}").toString();
    }

    private static String anthropicMessages(int n) {
        StringBuilder sb = new StringBuilder("{\"model\":\"fast\",\"max_tokens\":16,\"messages\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant")
                    .append("\",\"content\":\"turn ").append(i).append("\"}");
        }
        return sb.append("]}").toString();
    }
}
