package io.llmrouter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.scoring.Ranking;
import io.llmrouter.state.InMemoryRouterState;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of request goes through the same pipeline and tells its listeners the same things: ranked, then answered
 * or failed, and for a stream how it ended, with the usage and cost that were billed. A listener that throws never
 * fails a request.
 */
class RequestListenerTest extends EngineTestSupport {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listeningEngine() {
        engine.close();
        state = new InMemoryRouterState();
        engine = LlmEngine.builder().catalog(catalog).state(state).vertx(vertx).connections(64, 16)
                .listener(new RequestListener() {
                    @Override
                    public void ranked(RouteOptions options, Ranking ranking) {
                        throw new IllegalStateException("a broken listener");
                    }
                })
                .listener(new RequestListener() {
                    @Override
                    public void ranked(RouteOptions options, Ranking ranking) {
                        events.add("ranked " + ranking.ranked().get(0).id());
                    }

                    @Override
                    public void answered(RouteOptions options, Routed<?> routed) {
                        events.add("answered " + routed.deployment().id() + " attempts=" + routed.attempts().size()
                                + " cost=" + routed.costUsd());
                    }

                    @Override
                    public void failed(RouteOptions options, LlmException error) {
                        events.add("failed " + error.kind());
                    }

                    @Override
                    public void streamEnded(RouteOptions options, Deployment deployment, Usage usage, double costUsd,
                                            LlmException error) {
                        events.add("stream ended " + deployment.id() + " tokens="
                                + (usage == null ? -1 : usage.completionTokens) + " cost=" + costUsd
                                + (error == null ? "" : " " + error.kind()));
                    }
                }).build();
    }

    @Test
    void aPlainAnswerIsRankedThenAnsweredWithItsCost() throws Exception {
        upstream.on("up-a", Behavior.error(503, "server_error", null, "busy"));
        upstream.on("up-b", Behavior.text("two words"));

        Routed<ChatResponse> r = answer(engine.chat(request("{\"models\":[\"model-a\",\"model-b\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));

        assertThat(r.costUsd()).isCloseTo((10 * 0.5 + 2 * 1.0) / 1e6, within(1e-12));
        assertThat(events).containsExactly("ranked model-a", "answered model-b attempts=2 cost=" + r.costUsd());
        assertThat(state.stats("model-a").inFlight()).isZero();
        assertThat(state.stats("model-b").inFlight()).isZero();
    }

    @Test
    void aStreamIsAnsweredAtItsFirstTokenAndEndsWithTheUsageItWasBilledFor() throws Exception {
        upstream.on("up-a", Behavior.text("one two three"));

        Routed<ChatStream> r = answer(engine.stream(request("{\"model\":\"model-a\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));
        StreamRecorder rec = new StreamRecorder();
        r.value().subscribe(rec);
        rec.end().get(10, TimeUnit.SECONDS);

        double cost = (10 * 1.0 + 3 * 2.0) / 1e6;
        assertThat(events).containsExactly("ranked model-a", "answered model-a attempts=1 cost=0.0",
                "stream ended model-a tokens=3 cost=" + cost);
        assertThat(state.spend("default")).isCloseTo(cost, within(1e-12));
        assertThat(state.stats("model-a").inFlight()).isZero();
    }

    @Test
    void aStreamCutAfterItsFirstTokenEndsWithTheErrorAndLeavesNothingInFlight() throws Exception {
        upstream.on("up-a", Behavior.cutAfter(2, "one two three four five"));

        Routed<ChatStream> r = answer(engine.stream(request("{\"model\":\"model-a\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));
        StreamRecorder rec = new StreamRecorder();
        r.value().subscribe(rec);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 3);

        assertThat(events.get(2)).startsWith("stream ended model-a tokens=-1 cost=0.0 ").endsWith("STREAM_CUT");
        assertThat(state.stats("model-a").inFlight()).isZero();
        assertThat(state.stats("model-a").failures()).isEqualTo(1);
    }

    @Test
    void embeddingsGoThroughTheSamePipeline() throws Exception {
        upstream.on("up-embed", Behavior.embeddings(3));

        Routed<EmbeddingResponse> r = answer(engine.embed(RequestCodec.readEmbedding(
                "{\"model\":\"embed-a\",\"input\":\"hello\"}"), options()));

        assertThat(r.value().data).hasSize(1);
        assertThat(events).hasSize(2).first().isEqualTo("ranked embed-a");
        assertThat(events.get(1)).startsWith("answered embed-a attempts=1");
        assertThat(state.stats("embed-a").inFlight()).isZero();
    }

    @Test
    void aRequestRefusedBeforeItsAttemptsAndOneWhoseAttemptsAllFailAreBothReported() throws Exception {
        LlmException unknown = failure(() -> engine.chat(request("{\"model\":\"no-such-model\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));
        assertThat(unknown.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);

        upstream.on("up-a", Behavior.invalidApiKey());
        failure(() -> engine.chat(request("{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}"), options()));

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo("failed MODEL_NOT_FOUND");
        assertThat(events.get(1)).isEqualTo("ranked model-a");
        assertThat(events.get(2)).startsWith("failed ");
    }
}
