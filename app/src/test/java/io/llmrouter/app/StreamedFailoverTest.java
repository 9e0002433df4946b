package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/**
 * A stream that fails after its first byte ends with an error event and no [DONE]; one that fails before it fails over
 * to the next model without the client noticing.
 */
class StreamedFailoverTest extends GatewayTestSupport {

    @Test
    void failureAfterTheFirstByteEndsTheStreamWithAnErrorEventAndNoDone() throws Exception {
        upstream.on("up-a", Behavior.cutAfter(3, "alpha beta gamma delta"));

        HttpResponse<String> r = post("/v1/chat/completions", chat("model-a", "\"stream\":true"));

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = dataEvents(r.body());
        assertThat(events).doesNotContain("[DONE]");
        assertThat(content(chunks(events.subList(0, events.size() - 1)))).isEqualTo("alpha beta");
        JsonNode last = Json.MAPPER.readTree(events.get(events.size() - 1));
        JsonNode error = last.path("error");
        assertThat(error.isObject()).as("error event %s", last).isTrue();
        assertThat(error.path("message").asText()).contains("model-a");
        assertThat(error.path("type").asText()).isEqualTo("api_error");
        assertThat(error.path("code").asText()).isEqualTo("upstream_stream_cut");
        assertThat(error.has("param")).isTrue();
        assertThat(upstream.attempts("up-b")).isZero();
    }

    @Test
    void connectionDroppedBeforeTheFirstByteFailsOverToTheNextModelInvisibly() throws Exception {
        upstream.on("up-a", Behavior.resetConnection());
        upstream.on("up-b", Behavior.text("from bee"));

        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"models\":[\"model-a\",\"model-b\"],\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertCleanStreamFromModelB(r);
    }

    @Test
    void serverErrorBeforeTheFirstByteFailsOverToTheNextModelInvisibly() throws Exception {
        upstream.on("up-a", Behavior.error(500, "server_error", null, "The server had an error"));
        upstream.on("up-b", Behavior.text("from bee"));

        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"models\":[\"model-a\",\"model-b\"],\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertCleanStreamFromModelB(r);
    }

    private static void assertCleanStreamFromModelB(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/event-stream"));
        List<String> events = dataEvents(r.body());
        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(events);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.has("error")).as("error in %s", c).isFalse();
            assertThat(c.path("model").asText()).isEqualTo("model-b");
        });
        assertThat(content(chunks)).isEqualTo("from bee");
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("model-b");
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("2");
        assertThat(upstream.attempts("up-a")).isEqualTo(1);
        assertThat(upstream.attempts("up-b")).isEqualTo(1);
    }
}
