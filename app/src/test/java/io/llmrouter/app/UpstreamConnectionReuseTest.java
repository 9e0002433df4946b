package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/**
 * A finished call leaves its keep-alive upstream connection in the pool untouched, so the next request reuses it
 * instead of having it closed under its feet.
 */
class UpstreamConnectionReuseTest extends GatewayTestSupport {

    private final List<Object> connections = new CopyOnWriteArrayList<>();

    /** Answers as {@code then} does, noting the connection each request came on. */
    private Behavior recording(Behavior then) {
        return call -> {
            connections.add(call.request().connection());
            then.respond(call);
        };
    }

    /**
     * Closed connections would give five. A second one is allowed: the gateway answers as the upstream's last byte
     * arrives, and the next request can leave before the pool has its connection back.
     */
    private void assertReused() {
        assertThat(connections).hasSize(5);
        assertThat(new HashSet<>(connections)).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void backToBackCompletionsShareOneUpstreamConnection() throws Exception {
        upstream.on("up-a", recording(Behavior.text("plain answer")));

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = post("/v1/chat/completions", chat("model-a", null));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }

        assertReused();
    }

    @Test
    void backToBackStreamsShareOneUpstreamConnection() throws Exception {
        upstream.on("up-a", recording(Behavior.text("streamed answer")));

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = post("/v1/chat/completions", chat("model-a", "\"stream\":true"));
            assertThat(dataEvents(r.body())).as(r.body()).last().isEqualTo("[DONE]");
        }

        assertReused();
    }

    @Test
    void errorAnswerToAStreamLeavesItsConnectionForTheNextRequest() throws Exception {
        upstream.on("up-a", recording(Behavior.times(1, Behavior.error(503, "server_error", null, "overloaded"),
                Behavior.text("second time lucky"))));

        assertThat(post("/v1/chat/completions", chat("model-a", "\"stream\":true")).statusCode()).isEqualTo(503);
        HttpResponse<String> r = post("/v1/chat/completions", chat("model-a", "\"stream\":true"));

        assertThat(content(chunks(dataEvents(r.body())))).isEqualTo("second time lucky");
        assertThat(connections).hasSize(2);
        assertThat(connections.get(1)).isSameAs(connections.get(0));
    }
}
