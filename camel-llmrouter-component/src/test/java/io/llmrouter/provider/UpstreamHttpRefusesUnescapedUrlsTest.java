package io.llmrouter.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A URL that a request line cannot carry (a space, a control character, a non-ASCII letter) never reaches Netty, which
 * would refuse it where the failure is lost and leave the kept-alive connection waiting for an answer for good.
 */
class UpstreamHttpRefusesUnescapedUrlsTest {

    private static FakeOpenAiUpstream upstream;
    private static Vertx vertx;
    private static UpstreamHttp http;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
        vertx = Vertx.vertx();
        // one connection: every request below goes over the same kept-alive socket
        http = new UpstreamHttp(vertx, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        upstream.close();
    }

    @Test
    void anUnescapedUrlFailsAtOnceAsTheGatewaysOwnFaultAndTheConnectionServesTheNextRequest() throws Exception {
        assertThat(status(upstream.baseUrl() + "/chat/completions")).isEqualTo(200);

        for (String bad : new String[] { "/models/x y", "/models/x\ty", "/models/x\r\nHost: evil", "/models/modèle" }) {
            assertThat(failure(upstream.baseUrl() + bad)).satisfies(e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
                assertThat(e.getMessage()).contains("not fully escaped");
            });
        }

        assertThat(status(upstream.baseUrl() + "/chat/completions")).isEqualTo(200);
        assertThat(upstream.requests()).hasSize(2);
    }

    private static Future<Integer> post(String url) {
        CallOptions options = new CallOptions(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10),
                new CancelToken());
        Buffer body = Buffer.buffer("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        return http.post(url, Map.of(), body, Duration.ofSeconds(2), options, "application/json",
                resp -> resp.body().map(b -> resp.statusCode()));
    }

    private static int status(String url) throws Exception {
        return post(url).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static LlmException failure(String url) throws Exception {
        try {
            status(url);
        } catch (ExecutionException e) {
            return (LlmException) e.getCause();
        }
        throw new AssertionError("a request to " + url + " was sent");
    }
}
