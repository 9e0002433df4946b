package io.llmrouter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.api.Test;

/** Every answer, streamed ones too, is billed in the router state; unrequested usage chunks stay hidden. */
class SpendAccountingTest extends EngineTestSupport {

    /** model-a costs $1 per million input and $2 per million output tokens; the fake reports 10 prompt tokens. */
    private static double costOfModelA(int completionTokens) {
        return (10 * 1.0 + completionTokens * 2.0) / 1e6;
    }

    @Test
    void billsAPlainAnswerAtCatalogPrices() throws Exception {
        upstream.on("up-a", Behavior.text("three words here"));

        Routed<ChatResponse> r = answer(engine.chat(request("{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}"), options()));

        assertThat(r.usage().completionTokens).isEqualTo(3);
        assertThat(r.costUsd()).isCloseTo(costOfModelA(3), within(1e-12));
        assertThat(state.spend("default")).isCloseTo(costOfModelA(3), within(1e-12));
    }

    @Test
    void billsTheModelThatAnsweredNotTheOneThatFailed() throws Exception {
        upstream.on("up-a", Behavior.error(503, "server_error", null, "busy"));
        upstream.on("up-b", Behavior.text("two words"));

        answer(engine.chat(request("{\"models\":[\"model-a\",\"model-b\"],\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}"), options()));

        // model-b: $0.5 in, $1 out
        assertThat(state.spend("default")).isCloseTo((10 * 0.5 + 2 * 1.0) / 1e6, within(1e-12));
    }

    @Test
    void billsAStreamWhoseCallerDidNotAskForUsageAndHidesTheUsageChunkFromIt() throws Exception {
        upstream.on("up-a", Behavior.text("one two three four"));

        Routed<ChatStream> r = answer(engine.stream(request("{\"model\":\"model-a\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));
        StreamRecorder rec = new StreamRecorder();
        r.value().subscribe(rec);
        rec.end().get(10, TimeUnit.SECONDS);

        assertThat(upstream.requests("up-a").get(0).body().at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(rec.text()).isEqualTo("one two three four");
        assertThat(rec.chunks()).noneMatch(c -> c.usage != null);
        assertThat(rec.chunks()).noneMatch(ChatChunk::usageOnly);
        assertThat(state.spend("default")).isCloseTo(costOfModelA(4), within(1e-12));
    }

    @Test
    void billsAStreamAndPassesTheUsageChunkToACallerWhoAskedForIt() throws Exception {
        upstream.on("up-a", Behavior.text("one two"));

        Routed<ChatStream> r = answer(engine.stream(request("{\"model\":\"model-a\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                options()));
        StreamRecorder rec = new StreamRecorder();
        r.value().subscribe(rec);
        rec.end().get(10, TimeUnit.SECONDS);

        ChatChunk last = rec.chunks().get(rec.chunks().size() - 1);
        assertThat(last.usageOnly()).isTrue();
        assertThat(last.usage.completionTokens).isEqualTo(2);
        assertThat(state.spend("default")).isCloseTo(costOfModelA(2), within(1e-12));
    }

    @Test
    void billsAStreamEvenWhenTheCallerNeverReadsIt() throws Exception {
        upstream.on("up-a", Behavior.text("unread words"));

        answer(engine.stream(request("{\"model\":\"model-a\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(state.spend("default")).isCloseTo(costOfModelA(2), within(1e-12)));
    }

    @Test
    void recordsTheSuccessOfAStreamWhenItEnds() throws Exception {
        Routed<ChatStream> r = answer(engine.stream(request("{\"model\":\"model-a\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));
        StreamRecorder rec = new StreamRecorder();
        r.value().subscribe(rec);
        rec.end().get(10, TimeUnit.SECONDS);

        assertThat(state.stats("model-a").successes()).isEqualTo(1);
        assertThat(state.stats("model-a").inFlight()).isZero();
    }

    @Test
    void billsEmbeddingsAtTheEmbeddingModelsPrice() throws Exception {
        Routed<EmbeddingResponse> r = answer(engine.embed(RequestCodec.readEmbedding(
                "{\"model\":\"embed-a\",\"input\":\"hello\"}"), options()));

        assertThat(r.value().model).isEqualTo("embed-a");
        // the fake reports 5 prompt tokens; embed-a costs $0.1 per million
        assertThat(state.spend("default")).isCloseTo(5 * 0.1 / 1e6, within(1e-12));
    }
}
