package io.llmrouter.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RetryableLlmException;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.StreamRecorder;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.Test;

/**
 * A stream that breaks after its headers ends once with the right error kind; a cancel closes the upstream. The
 * first-token and stall deadlines run in virtual time and fire exactly when due.
 */
class OpenAiStreamFailuresTest extends OpenAiAdapterTestSupport {

    private static final String STREAMED = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    /** Sends headers and a comment at once, the first real event only after the delay. */
    private static Behavior firstTokenAfter(long millis) {
        return call -> {
            HttpServerResponse r = Behavior.sseHeaders(call.request().response());
            r.write(": processing\n\n");
            call.upstream().vertx().setTimer(millis, id -> {
                if (!r.closed()) {
                    Behavior.noDone("late").respond(call);
                }
            });
        };
    }

    @Test
    void failsWithStreamCutWhenTheConnectionClosesAfterSomeEvents() throws Exception {
        upstream.on("up-cut", Behavior.cutAfter(3, "one two three four five"));

        StreamRecorder r = stream(model("cut"), STREAMED, options());

        LlmException e = streamFailure(r);
        assertThat(e.kind()).isEqualTo(ErrorKind.STREAM_CUT);
        assertThat(e).isInstanceOf(RetryableLlmException.class);
        assertThat(r.chunks()).hasSize(3);
        assertThat(r.text()).isEqualTo("one two");
    }

    @Test
    void completesAStreamThatEndsAfterItsFinishAndUsageWithoutDone() throws Exception {
        upstream.on("up-nodone", Behavior.noDone("all words but no done"));

        StreamRecorder r = stream(model("nodone"), STREAMED, options());

        r.end().get(10, TimeUnit.SECONDS);
        assertThat(r.endings()).containsExactly("complete");
        assertThat(r.text()).isEqualTo("all words but no done");
        assertThat(r.chunks().get(r.chunks().size() - 1).usage).isNotNull();
    }

    @Test
    void skipsAnEventThatIsNotJsonAndDeliversTheRestOfTheStream() throws Exception {
        upstream.on("up-garbled", Behavior.malformedEventWithin("every word still arrives"));

        StreamRecorder r = stream(model("garbled"), STREAMED, options());

        r.end().get(10, TimeUnit.SECONDS);
        assertThat(r.endings()).containsExactly("complete");
        assertThat(r.text()).isEqualTo("every word still arrives");
    }

    @Test
    void aStreamOfNothingButAMalformedEventIsCut() throws Exception {
        upstream.on("up-mal", Behavior.malformedEvent());

        StreamRecorder r = stream(model("mal"), STREAMED, options());

        LlmException e = streamFailure(r);
        assertThat(e.kind()).isEqualTo(ErrorKind.STREAM_CUT);
        assertThat(r.chunks()).hasSize(1);
    }

    @Test
    void failsWithServerErrorOnAnErrorEventMidStream() throws Exception {
        upstream.on("up-errev", call -> Behavior.sseHeaders(call.request().response())
                .end("data: {\"error\":{\"message\":\"model crashed\",\"type\":\"server_error\"}}\n\n"));

        LlmException e = streamFailure(stream(model("errev"), STREAMED, options()));

        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("model crashed");
    }

    @Test
    void failsWithFirstTokenTimeoutWhenTheFirstEventIsLate() throws Exception {
        upstream.on("up-slow", firstTokenAfter(5_000));

        StreamRecorder r = stream(model("slow"), STREAMED, options(Duration.ofSeconds(10), Duration.ofMillis(200)));
        advanceOnceSent("up-slow", 199);
        assertThat(r.endings()).isEmpty();
        clock.advance(Duration.ofMillis(1));

        LlmException e = streamFailure(r);
        assertThat(e.kind()).isEqualTo(ErrorKind.FIRST_TOKEN_TIMEOUT);
        assertThat(e.getMessage()).contains("200 ms");
        assertThat(r.chunks()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedBeforeEnd().contains("up-slow"));
    }

    @Test
    void failsWithFirstTokenTimeoutWhenNotEvenTheHeadersComeWithinIt() throws Exception {
        upstream.on("up-mute", Behavior.hang());

        StreamRecorder r = stream(model("mute"), STREAMED, options(Duration.ofSeconds(30), Duration.ofMillis(200)));
        advanceOnceSent("up-mute", 199);
        assertThat(r.endings()).isEmpty();
        clock.advance(Duration.ofMillis(1));

        LlmException e = streamFailure(r);
        assertThat(e.kind()).isEqualTo(ErrorKind.FIRST_TOKEN_TIMEOUT);
        assertThat(e.getMessage()).contains("200 ms");
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedBeforeEnd().contains("up-mute"));
    }

    @Test
    void failsWithStreamStalledWhenTheStreamGoesSilentAfterItsFirstToken() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        upstream.on("up-stall", Behavior.heldAfterFirstChunk("one two three", never));
        try {
            CallOptions o = new CallOptions(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(200),
                    new io.llmrouter.api.CancelToken());
            StreamRecorder r = stream(model("stall"), STREAMED, o);
            await().atMost(Duration.ofSeconds(5)).until(() -> r.chunks().size() == 2);
            clock.advance(Duration.ofMillis(199));
            assertThat(r.endings()).isEmpty();
            clock.advance(Duration.ofMillis(1));

            LlmException e = streamFailure(r);
            assertThat(e.kind()).isEqualTo(ErrorKind.STREAM_STALLED);
            assertThat(r.chunks()).hasSize(2);
        } finally {
            never.countDown();
        }
    }

    @Test
    void cancellingAFinishedCallLeavesItsPooledConnectionToTheNextCall() throws Exception {
        upstream.on("up-first", Behavior.text("first"));
        upstream.on("up-second", Behavior.delayed(300, Behavior.text("second")));
        CallOptions first = options();
        assertThat(answer(adapter.chat(model("first"), request(HELLO), first)).choices.get(0).message.content.asText())
                .isEqualTo("first");

        var second = adapter.chat(model("second"), request(HELLO), options());
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.attempts("up-second") == 1);
        first.cancel().cancel();

        assertThat(answer(second).choices.get(0).message.content.asText()).isEqualTo("second");
        assertThat(upstream.closedBeforeEnd()).isEmpty();
    }

    @Test
    void cancellingTheTokenClosesAnInFlightStreamUpstream() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.on("up-held", Behavior.heldAfterFirstChunk("one two three four", release));
        try {
            CallOptions o = options();
            StreamRecorder r = stream(model("held"), STREAMED, o);
            await().atMost(Duration.ofSeconds(5)).until(() -> r.chunks().size() == 2);
            assertThat(upstream.closedBeforeEnd()).isEmpty();

            o.cancel().cancel();

            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedBeforeEnd().contains("up-held"));
            assertThat(r.text()).isEqualTo("one");
            assertThat(r.endings()).doesNotContain("complete");
        } finally {
            release.countDown();
        }
    }
}
