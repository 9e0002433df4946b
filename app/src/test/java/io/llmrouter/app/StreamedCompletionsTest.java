package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/** A streamed completion reaches the client as OpenAI's SSE chunk sequence, under the public model id, ending in [DONE]. */
class StreamedCompletionsTest extends GatewayTestSupport {

    @Test
    void streamedCompletionIsAnEventStreamOfChunksEndingWithDone() throws Exception {
        upstream.on("up-a", Behavior.text("Hello streamed world"));

        HttpResponse<String> r = post("/v1/chat/completions", chat("model-a", "\"stream\":true"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/event-stream"));
        List<String> events = dataEvents(r.body());
        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(events);
        assertThat(chunks).isNotEmpty().allSatisfy(c -> {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("model").asText()).isEqualTo("model-a");
        });
        assertThat(content(chunks)).isEqualTo("Hello streamed world");
        assertThat(chunks.get(chunks.size() - 1).path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void streamCarriesTheDecisionHeaders() throws Exception {
        upstream.on("up-a", Behavior.text("Hi"));

        HttpResponse<String> r = post("/v1/chat/completions", chat("model-a", "\"stream\":true"));

        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("model-a");
        assertThat(r.headers().firstValue("x-llmrouter-provider")).contains("fake");
        assertThat(r.headers().firstValue("x-llmrouter-strategy")).contains("ordered");
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("1");
    }

    @Test
    void noUsageChunkReachesTheCallerWhoDidNotAskForItThoughTheRouterAsksTheUpstream() throws Exception {
        upstream.on("up-a", Behavior.text("one two three"));

        HttpResponse<String> r = post("/v1/chat/completions", chat("model-a", "\"stream\":true"));

        assertThat(upstream.requests("up-a")).singleElement().satisfies(seen -> {
            assertThat(seen.streamed()).isTrue();
            assertThat(seen.body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        });
        List<JsonNode> chunks = chunks(dataEvents(r.body()));
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("usage").isMissingNode() || c.path("usage").isNull()).as("usage in %s", c).isTrue();
            assertThat(c.path("choices")).isNotEmpty();
        });
        assertThat(dataEvents(r.body())).last().isEqualTo("[DONE]");
    }

    @Test
    void usageChunkComesLastBeforeDoneWhenTheCallerAsksForIt() throws Exception {
        upstream.on("up-a", Behavior.text("one two three"));

        HttpResponse<String> r = post("/v1/chat/completions",
                chat("model-a", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        List<String> events = dataEvents(r.body());
        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(events);
        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        assertThat(usageChunk.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(usageChunk.path("model").asText()).isEqualTo("model-a");
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(10);
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
        assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(13);
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(
                c -> assertThat(c.path("usage").isMissingNode() || c.path("usage").isNull()).isTrue());
        assertThat(content(chunks)).isEqualTo("one two three");
    }
}
