package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streams fail over only before their first byte (per-model first-token timeout from the catalog); after it, a stall,
 * a cut or a bad event ends the caller's stream with an error event and no [DONE].
 */
class StreamFailuresTest {

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: slowfirst, provider: fake, upstream: up-slowfirst, timeouts: { first_token_ms: 300 } }
                  - { id: hangs, provider: fake, upstream: up-hangs, timeouts: { first_token_ms: 300 } }
                  - { id: stalls, provider: fake, upstream: up-stalls, timeouts: { stall_ms: 300 } }
                  - { id: cut, provider: fake, upstream: up-cut }
                  - { id: nodone, provider: fake, upstream: up-nodone }
                  - { id: malformed, provider: fake, upstream: up-malformed }
                  - { id: garbled, provider: fake, upstream: up-garbled }
                  - { id: flaky, provider: fake, upstream: up-flaky }
                  - { id: backup, provider: fake, upstream: up-backup }
                """.formatted(upstream.baseUrl()), Map.of(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        upstream.on("up-backup", Behavior.text("the backup answers"));
    }

    /** The data of each SSE event, in order. */
    private static List<String> events(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<String> out = new ArrayList<>();
        for (String block : r.body().split("\n\n")) {
            if (block.startsWith("data: ")) {
                out.add(block.substring(6));
            }
        }
        return out;
    }

    private static String text(List<String> events) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String e : events) {
            if (!e.equals("[DONE]")) {
                JsonNode choices = Json.MAPPER.readTree(e).path("choices");
                if (choices.size() > 0) {
                    sb.append(choices.get(0).path("delta").path("content").asText(""));
                }
            }
        }
        return sb.toString();
    }

    /** A complete stream: chunks of one model only, then [DONE]. */
    private static void assertCompleteFrom(HttpResponse<String> r, String model) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = events(r);
        assertThat(events).last().isEqualTo("[DONE]");
        for (String e : events.subList(0, events.size() - 1)) {
            JsonNode chunk = Json.MAPPER.readTree(e);
            assertThat(chunk.has("error")).as(e).isFalse();
            assertThat(chunk.path("model").asText()).isEqualTo(model);
        }
    }

    /** A stream that began and then failed: an error event of the given code last, and no [DONE]. */
    private static JsonNode assertEndsWithErrorEvent(HttpResponse<String> r, String code) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = events(r);
        assertThat(events).doesNotContain("[DONE]");
        JsonNode last = Json.MAPPER.readTree(events.get(events.size() - 1));
        assertThat(last.path("error").path("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(last.path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(last.path("error").has("message")).isTrue();
        return last;
    }

    @Test
    void aLateFirstTokenFailsOverBeforeTheCallerSeesAnyByte() throws Exception {
        upstream.on("up-slowfirst", Behavior.firstTokenAfter(5_000, "far too late"));

        long start = System.nanoTime();
        HttpResponse<String> r = gw.chat(body(true, "slowfirst", "backup"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertCompleteFrom(r, "backup");
        assertThat(text(events(r))).isEqualTo("the backup answers");
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("2");
        assertThat(upstream.attempts("up-slowfirst")).isEqualTo(1);
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
        assertThat(tookMs).isGreaterThanOrEqualTo(300).isLessThan(5_000);
        assertThat(upstream.gapsMillis("up-slowfirst")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.closedBeforeEnd().contains("up-slowfirst"));
    }

    @Test
    void anUpstreamThatNeverSendsHeadersFailsOverAfterTheFirstTokenTimeout() throws Exception {
        upstream.on("up-hangs", Behavior.hang());

        long start = System.nanoTime();
        HttpResponse<String> r = gw.chat(body(true, "hangs", "backup"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertCompleteFrom(r, "backup");
        assertThat(upstream.attempts("up-hangs")).isEqualTo(1);
        assertThat(tookMs).isGreaterThanOrEqualTo(300).isLessThan(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.closedBeforeEnd().contains("up-hangs"));
    }

    /**
     * The backup (no prefill in its catalog entry) is asked again to splice its answer on, but it answers otherwise
     * than "one two": the caller gets the stall, not a garbled answer (StreamResumeTest has the resumes that succeed).
     */
    @Test
    void aStallAfterTheFirstByteThatNoFallbackCanFinishEndsWithAnErrorEventAndNoDone() throws Exception {
        upstream.on("up-stalls", Behavior.stallAfter(3, "one two three four five"));

        long start = System.nanoTime();
        HttpResponse<String> r = gw.chat(body(true, "stalls", "backup"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        JsonNode error = assertEndsWithErrorEvent(r, "upstream_stream_stalled");
        assertThat(error.path("error").path("message").asText()).contains("300 ms");
        assertThat(text(events(r))).isEqualTo("one two");
        assertThat(tookMs).isGreaterThanOrEqualTo(300);
        assertThat(upstream.attempts("up-stalls")).isEqualTo(1);
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.closedBeforeEnd().contains("up-stalls"));
    }

    @Test
    void aStreamCutAfterSomeEventsThatNoFallbackCanFinishEndsWithAnErrorEventAndNoDone() throws Exception {
        upstream.on("up-cut", Behavior.cutAfter(3, "one two three four five"));

        HttpResponse<String> r = gw.chat(body(true, "cut", "backup"));

        assertEndsWithErrorEvent(r, "upstream_stream_cut");
        assertThat(text(events(r))).isEqualTo("one two");
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
    }

    @Test
    void aCompleteStreamMissingItsDoneIsASuccessWithUsageAndTheCallerGetsItsDone() throws Exception {
        upstream.on("up-nodone", Behavior.noDone("all words but no done"));

        HttpResponse<String> r = gw.chat(body(true, "nodone", "backup").replace("\"stream\":true,",
                "\"stream\":true,\"stream_options\":{\"include_usage\":true},"));

        assertCompleteFrom(r, "nodone");
        assertThat(text(events(r))).isEqualTo("all words but no done");
        assertThat(r.body()).contains("\"usage\":{");
        assertThat(upstream.attempts("up-backup")).isZero();
    }

    @Test
    void aMalformedEventInAnOtherwiseCompleteStreamIsSkipped() throws Exception {
        upstream.on("up-garbled", Behavior.malformedEventWithin("the rest of the answer arrives"));

        HttpResponse<String> r = gw.chat(body(true, "garbled", "backup"));

        assertCompleteFrom(r, "garbled");
        assertThat(text(events(r))).isEqualTo("the rest of the answer arrives");
    }

    /** The caller had only the role chunk: the backup's whole answer follows it, under the first chunk's id and model. */
    @Test
    void aStreamOfNothingButAMalformedEventIsAnsweredByTheFallback() throws Exception {
        upstream.on("up-malformed", Behavior.malformedEvent());

        HttpResponse<String> r = gw.chat(body(true, "malformed", "backup"));

        assertCompleteFrom(r, "malformed");
        assertThat(text(events(r))).isEqualTo("the backup answers");
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
    }

    @Test
    void aStreamCutWithResumingOffEndsWithAnErrorEventAndNoDone() throws Exception {
        upstream.on("up-cut", Behavior.cutAfter(3, "one two three four five"));

        HttpResponse<String> r = gw.chat(body(true, "cut", "backup"), "x-llmrouter-resume", "false");

        assertEndsWithErrorEvent(r, "upstream_stream_cut");
        assertThat(upstream.attempts("up-backup")).isZero();
    }

    @Test
    void aStreamFailingBeforeItsFirstTokenIsRetriedAndTheCallerSeesOneCompleteStream() throws Exception {
        upstream.on("up-flaky", Behavior.times(1, Behavior.serverError(), Behavior.text("second time lucky")));

        HttpResponse<String> r = gw.chat(body(true, "flaky", "backup"));

        assertCompleteFrom(r, "flaky");
        assertThat(text(events(r))).isEqualTo("second time lucky");
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("2");
        assertThat(upstream.attempts("up-flaky")).isEqualTo(2);
        assertThat(upstream.attempts("up-backup")).isZero();
    }
}
