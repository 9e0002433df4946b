package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/** Streams reach the client event by event: the first token arrives while the upstream still holds the rest. */
class StreamIsNotBufferedTest extends GatewayTestSupport {

    @Test
    void firstContentChunkArrivesWhileTheUpstreamStillHoldsTheRest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.on("up-a", Behavior.heldAfterFirstChunk("first second third", release));
        try {
            HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                    .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat("model-a", "\"stream\":true"))).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("text/event-stream"));
            Iterator<String> lines = r.body().iterator();
            List<String> seen = new ArrayList<>();

            // Reading blocks until the gateway flushes; a buffering gateway would send nothing until the release.
            String first;
            try {
                first = CompletableFuture.supplyAsync(() -> firstContent(lines, seen)).get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("no content chunk reached the client while the upstream held the rest of the "
                                         + "stream: the gateway buffers streams (seen so far: " + seen + ")");
            }
            assertThat(first).isEqualTo("first");
            assertThat(release.getCount()).as("the upstream is still holding the rest").isEqualTo(1);

            release.countDown();
            List<String> rest = new ArrayList<>();
            lines.forEachRemaining(line -> {
                if (line.startsWith("data:")) {
                    rest.add(line.substring(5).strip());
                }
            });
            assertThat(rest).last().isEqualTo("[DONE]");
            assertThat(first + content(chunks(rest))).isEqualTo("first second third");
        } finally {
            release.countDown();
        }
    }

    /** Reads SSE lines until a chunk with non-empty content arrives and returns that content. */
    private static String firstContent(Iterator<String> lines, List<String> seen) {
        while (lines.hasNext()) {
            String line = lines.next();
            seen.add(line);
            if (!line.startsWith("data:")) {
                continue;
            }
            try {
                JsonNode chunk = Json.MAPPER.readTree(line.substring(5).strip());
                String text = chunk.path("choices").path(0).path("delta").path("content").asText("");
                if (!text.isEmpty()) {
                    return text;
                }
            } catch (java.io.IOException e) {
                throw new AssertionError("not a JSON event: " + line, e);
            }
        }
        throw new AssertionError("the stream ended before any content: " + seen);
    }
}
