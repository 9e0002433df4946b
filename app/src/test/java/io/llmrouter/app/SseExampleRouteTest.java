package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.llmrouter.catalog.CatalogLoader;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example in examples/streaming, as an application would run it: Camel Main with platform-http on an ephemeral
 * port, answering streamed requests with the SSE bytes llm: writes.
 */
class SseExampleRouteTest {

    private static final String CATALOG = """
            providers:
              - id: sim
                type: sim
                sim: { ttft_ms: 1, jitter: 0, tokens_per_second: 100000, answer_tokens: 5 }
            models:
              - { id: sim-mini, provider: sim, capabilities: [chat, streaming] }
            """;

    static Main main;
    static HttpClient http;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Path dir = ExampleRoutesTest.examplesDir().resolveSibling("streaming");
        assertThat(Files.isDirectory(dir)).as(dir.toString()).isTrue();
        main = new Main();
        main.addInitialProperty("camel.main.routes-include-pattern", "file:" + dir + "/*.yaml");
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.port", "0");
        main.bind("catalog", new CatalogLoader(n -> null).parse("test.yaml", CATALOG.getBytes(StandardCharsets.UTF_8)));
        main.start();
        port = main.getCamelContext().hasService(MainHttpServer.class).getRouter().getServer().getServer()
                .actualPort();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (main != null) {
            main.stop();
        }
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void chatStreamsOpenAiEventsEndingInDone() throws Exception {
        HttpResponse<String> r = post("/chat",
                "{\"model\":\"sim-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        SseEvents events = SseEvents.parse(r.body());
        assertThat(events.events()).hasSizeGreaterThan(2);
        assertThat(events.names()).containsOnlyNulls();
        assertThat(events.events().get(0).json().path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(events.events().get(events.events().size() - 1).data()).isEqualTo("[DONE]");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void messagesStreamsAnthropicEvents() throws Exception {
        HttpResponse<String> r = post("/messages", "{\"model\":\"sim-mini\",\"max_tokens\":50,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        SseEvents events = SseEvents.parse(r.body());
        assertThat(events.names()).startsWith("message_start", "content_block_start", "content_block_delta")
                .endsWith("content_block_stop", "message_delta", "message_stop");
    }

    @Test
    void aPlainRequestGetsJson() throws Exception {
        HttpResponse<String> r = post("/chat",
                "{\"model\":\"sim-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{").contains("\"object\":\"chat.completion\"");
    }
}
