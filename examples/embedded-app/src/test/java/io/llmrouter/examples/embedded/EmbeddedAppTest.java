package io.llmrouter.examples.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example application, started as its users start it (Camel Main with its application.properties, on an ephemeral
 * port), answers over HTTP with the simulator: the component works as a plain dependency, and the gateway's routes
 * and the example routes load outside the gateway.
 */
class EmbeddedAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Main main;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        main = new Main(EmbeddedApp.class);
        main.addOverrideProperty("camel.server.port", "0"); // over application.properties' 8080
        main.start();
        port = main.getCamelContext().hasService(MainHttpServer.class).getRouter().getServer().getServer()
                .actualPort();
    }

    @AfterAll
    static void stop() {
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void answersAChatCompletion() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"sim-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("model").asText()).isEqualTo("sim-mini");
        assertThat(answer.path("choices").path(0).path("message").path("content").asText()).isNotBlank();
        assertThat(answer.path("usage").path("total_tokens").asInt()).isPositive();
    }

    @Test
    void streamsAsServerSentEvents() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"sim-mini\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(r.body()).contains("\"chat.completion.chunk\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void answersEmbeddings() throws Exception {
        HttpResponse<String> r = post("/v1/embeddings", "{\"model\":\"sim-embed\",\"input\":[\"one\",\"two\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("data")).hasSize(2);
    }

    @Test
    void servesTheGatewaysReadOnlyRoutes() throws Exception {
        HttpResponse<String> models = get("/v1/models");
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"sim-mini\"", "\"sim-embed\"");
        assertThat(get("/health").body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void anExampleRouteChoosesTheModel() throws Exception {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        HttpResponse<String> premium = send(HttpRequest.newBuilder(url("/choice/chat/completions"))
                .header("content-type", "application/json").header("x-tier", "premium")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(premium.statusCode()).as(premium.body()).isEqualTo(200);
        assertThat(JSON.readTree(premium.body()).path("model").asText()).isEqualTo("sim-large");
        HttpResponse<String> plain = post("/choice/chat/completions", body);
        assertThat(JSON.readTree(plain.body()).path("model").asText()).isEqualTo("sim-mini");
    }

    @Test
    void badRequestsGetOpenAiErrorsWithTheirStatus() throws Exception {
        HttpResponse<String> malformed = post("/v1/chat/completions", "{\"model\":\"sim-mini\",\"messages\":");
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("error").path("type").asText())
                .isEqualTo("invalid_request_error");
        HttpResponse<String> unknown = post("/v1/chat/completions",
                "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").path("code").asText()).isEqualTo("model_not_found");
    }

    /** The pom names the component's version by hand: it must be the repository's, or it tests a stale artifact. */
    @Test
    void dependsOnTheRepositorysOwnComponentVersion() throws IOException {
        String parent = Files.readString(Path.of("../../pom.xml"));
        Matcher m = Pattern.compile("<artifactId>camel-llmrouter-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(parent);
        assertThat(m.find()).isTrue();
        assertThat(System.getProperty("llmrouter.expected-version")).isEqualTo(m.group(1));
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(url(path)).GET());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(url(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
