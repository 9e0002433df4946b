package io.llmrouter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.resilience.RetryPolicy;
import io.llmrouter.scoring.Ranking;
import io.llmrouter.telemetry.AttemptTrace;
import io.llmrouter.telemetry.RequestTrace;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.api.Test;

/**
 * A request's {@link RequestTrace} hears its ranking and each upstream attempt: the attempt's headers go upstream with
 * it, and its end is told once, as the router's state records it, whichever way it ends (answered, failed, a stream's
 * end, a lost hedge's cancellation).
 */
class RequestTraceTest extends EngineTestSupport {

    /** Records what it hears; each attempt sends {@code x-attempt: <model>#<n>} upstream. */
    static final class Recording implements RequestTrace {
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public void ranked(Ranking ranking) {
            events.add("ranked " + ranking.ranked().stream().map(Deployment::id).toList());
        }

        @Override
        public AttemptTrace attempt(Deployment d) {
            String name = d.id() + "#" + attempts.incrementAndGet();
            events.add("start " + name);
            return new AttemptTrace() {
                @Override
                public Map<String, String> headers() {
                    return Map.of("x-attempt", name);
                }

                @Override
                public void ended(ErrorKind failure, Usage usage, long nanos) {
                    assertThat(nanos).isPositive();
                    events.add("end " + name + " " + (failure == null ? "ok" : failure)
                            + (usage == null ? "" : " tokens=" + usage.completionTokens));
                }
            };
        }
    }

    @Test
    void aFailoverIsRankedThenEachAttemptStartsAndEndsWithItsHeadersSentUpstream() throws Exception {
        upstream.on("up-a", Behavior.error(503, "server_error", null, "busy"));
        upstream.on("up-b", Behavior.text("one two three"));
        Recording trace = new Recording();

        Routed<ChatResponse> r = answer(engine.chat(request("{\"models\":[\"model-a\",\"model-b\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options().withTrace(trace)));

        assertThat(r.model()).isEqualTo("model-b");
        assertThat(trace.events).containsExactly("ranked [model-a, model-b]", "start model-a#1",
                "end model-a#1 OVERLOADED", "start model-b#2", "end model-b#2 ok tokens=3");
        assertThat(upstream.requests("up-a").get(0).headers()).containsEntry("x-attempt", "model-a#1");
        assertThat(upstream.requests("up-b").get(0).headers()).containsEntry("x-attempt", "model-b#2");
    }

    @Test
    void aStreamsAttemptEndsWhenTheStreamEndsWithTheReportedUsage() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.on("up-a", Behavior.heldAfterFirstChunk("one two three", release));
        Recording trace = new Recording();

        Routed<ChatStream> r = answer(engine.stream(request("{\"model\":\"model-a\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options().withTrace(trace)));
        // answered at the first token, while the upstream holds the rest: the attempt goes on
        assertThat(trace.events).containsExactly("ranked [model-a]", "start model-a#1");
        release.countDown();
        StreamRecorder rec = new StreamRecorder();
        r.value().subscribe(rec);
        rec.end().get(10, TimeUnit.SECONDS);

        assertThat(trace.events).containsExactly("ranked [model-a]", "start model-a#1", "end model-a#1 ok tokens=3");
    }

    @Test
    void aHedgeThatLostIsToldItWasCancelled() throws Exception {
        upstream.on("up-a", Behavior.hang());
        upstream.on("up-b", Behavior.text("one two three"));
        Recording trace = new Recording();
        RetryPolicy hedged = new RetryPolicy(5, 0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofMillis(50), List.of());

        Routed<ChatResponse> r = answer(engine.chat(request("{\"models\":[\"model-a\",\"model-b\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                options().withRetry(hedged).withTrace(trace)));

        assertThat(r.model()).isEqualTo("model-b");
        await().atMost(Duration.ofSeconds(10)).until(() -> trace.events.contains("end model-a#1 CANCELLED"));
        assertThat(trace.events).containsExactlyInAnyOrder("ranked [model-a, model-b]", "start model-a#1",
                "start model-b#2", "end model-b#2 ok tokens=3", "end model-a#1 CANCELLED");
    }

    @Test
    void withoutATraceNothingIsAddedUpstream() throws Exception {
        upstream.on("up-a", Behavior.text("one two three"));

        answer(engine.chat(request("{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                options()));

        assertThat(options().trace()).isSameAs(RequestTrace.NONE);
        assertThat(upstream.requests("up-a").get(0).headers()).doesNotContainKey("x-attempt")
                .doesNotContainKey("traceparent");
    }
}
