package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/** Under load, an upstream's whole answer can arrive before the gateway has set its handlers; none may be lost. */
class ConcurrentAnswersTest extends GatewayTestSupport {

    private static final int REQUESTS = 200;

    private final HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyConcurrentStreamFromAnInstantUpstreamEndsWithDone() throws Exception {
        upstream.on("up-a", Behavior.text("Hi there from a fast upstream"));
        List<CompletableFuture<HttpResponse<String>>> answers = sendConcurrently(
                "{\"model\":\"model-a\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

        for (CompletableFuture<HttpResponse<String>> a : answers) {
            HttpResponse<String> r = a.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("{\"content\":\" upstream\"}").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void everyConcurrentPlainAnswerFromAnInstantUpstreamArrives() throws Exception {
        upstream.on("up-a", Behavior.text("Hi there from a fast upstream"));
        List<CompletableFuture<HttpResponse<String>>> answers = sendConcurrently(
                "{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

        for (CompletableFuture<HttpResponse<String>> a : answers) {
            HttpResponse<String> r = a.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("Hi there from a fast upstream");
        }
    }

    private List<CompletableFuture<HttpResponse<String>>> sendConcurrently(String json) {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            answers.add(http1.sendAsync(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                    .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        return answers;
    }
}
