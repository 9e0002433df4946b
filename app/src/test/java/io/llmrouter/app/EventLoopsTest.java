package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.junit.jupiter.api.Test;

/** The gateway serves its connections on as many event loops as configured, not all on one. */
class EventLoopsTest {

    @Test
    void connectionsAreDealtOutAmongTheEventLoops() throws Exception {
        GatewayOptions options = new GatewayOptions(0, null, null, GatewayOptions.DEFAULT_BODY_LIMIT,
                GatewayOptions.DEFAULT_HEADER_READ_TIMEOUT_MILLIS, GatewayOptions.DEFAULT_IDLE_TIMEOUT_MILLIS,
                GatewayOptions.DEFAULT_MAX_IN_FLIGHT, 2, GatewayOptions.DEFAULT_BODY_READ_TIMEOUT_MILLIS);
        try (Gateway gateway = new Gateway(options, Map.<String, String>of()::get, Map.of()).start()) {
            // a probe on the gateway's own router: which thread serves the request
            gateway.camelContext().hasService(MainHttpServer.class).getRouter().get("/probe/thread")
                    .order(-1).handler(ctx -> ctx.response().end(Thread.currentThread().getName()));
            Set<String> threads = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                // a client of its own each time: a new connection each time
                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/probe/thread")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                threads.add(r.body());
            }
            assertThat(threads).hasSize(2).allMatch(t -> t.startsWith("vert.x-eventloop-thread-"));

            // and the gateway answers on each of them
            HttpResponse<String> chat = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-mini\",\"messages\":[{\"role\":"
                            + "\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).isEqualTo(200);
        }
    }
}
