package io.llmrouter.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.ToolCall;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.testing.GeminiBehavior;
import io.llmrouter.testing.GeminiReply;
import io.llmrouter.testing.StreamRecorder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Gemini's SSE events become OpenAI chunks as they arrive; a stream is complete only after a finishReason. */
class GeminiStreamTest extends GeminiAdapterTestSupport {

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"stream\":true}";

    @Test
    void streamsTextThenFinishReasonThenAUsageChunk() throws Exception {
        upstream.on("g", GeminiBehavior.reply(GeminiReply.text("Hello there friend").withUsage(12, 3, 0)));
        StreamRecorder r = stream(model("g"), HELLO, options());
        r.end().get(10, TimeUnit.SECONDS);

        assertThat(sent().path()).isEqualTo("/v1beta/models/g:streamGenerateContent?alt=sse");
        List<ChatChunk> chunks = r.chunks();
        assertThat(r.text()).isEqualTo("Hello there friend");
        assertThat(chunks.get(0).choices.get(0).delta.role).isEqualTo("assistant");
        assertThat(chunks.get(0).id).isEqualTo("resp-fake-01");
        assertThat(chunks.get(0).model).isEqualTo("pub-g");
        assertThat(chunks.get(chunks.size() - 2).choices.get(0).finishReason).isEqualTo("stop");
        ChatChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.usageOnly()).isTrue();
        assertThat(last.usage.promptTokens).isEqualTo(12);
        assertThat(last.usage.completionTokens).isEqualTo(3);
        assertThat(r.endings()).containsExactly("complete");
    }

    @Test
    void aFunctionCallArrivesWholeAsOneToolCallDeltaEach() throws Exception {
        upstream.on("g", GeminiBehavior.reply(GeminiReply.calls("Checking.",
                "get_weather", "{\"city\":\"Paris\"}", "get_time", "{\"zone\":\"CET\"}")));
        StreamRecorder r = stream(model("g"), HELLO, options());
        r.end().get(10, TimeUnit.SECONDS);

        assertThat(r.text()).isEqualTo("Checking.");
        List<ToolCall> calls = r.chunks().stream()
                .filter(c -> !c.choices.isEmpty() && c.choices.get(0).delta.toolCalls != null)
                .flatMap(c -> c.choices.get(0).delta.toolCalls.stream()).toList();
        assertThat(calls).hasSize(2);
        assertThat(calls).extracting(c -> c.index).containsExactly(0, 1);
        assertThat(calls).extracting(c -> c.id).containsExactly("call_1", "call_2");
        assertThat(calls).extracting(c -> c.function.name).containsExactly("get_weather", "get_time");
        assertThat(calls.get(0).function.arguments).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(calls.get(1).type).isEqualTo("function");
        String finish = r.chunks().stream().filter(c -> !c.choices.isEmpty() && c.choices.get(0).finishReason != null)
                .map(c -> c.choices.get(0).finishReason).findFirst().orElseThrow();
        assertThat(finish).isEqualTo("tool_calls");
    }

    @Test
    void aSafetyFinishPassesThroughAsContentFilter() throws Exception {
        upstream.on("g", GeminiBehavior.reply(GeminiReply.text("The first part").finishing("SAFETY")));
        StreamRecorder r = stream(model("g"), HELLO, options());
        r.end().get(10, TimeUnit.SECONDS);
        List<ChatChunk> chunks = r.chunks();
        assertThat(chunks.get(chunks.size() - 2).choices.get(0).finishReason).isEqualTo("content_filter");
    }

    @Test
    void anEventThatIsNotJsonFailsTheStreamWithoutQuotingIt() throws Exception {
        upstream.on("g", GeminiBehavior.malformedEventWithin(GeminiReply.text("Hello there friend")));
        StreamRecorder r = stream(model("g"), HELLO, options());
        LlmException e = streamFailure(r);
        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).doesNotContain("candidates");
    }

    @Test
    void aStreamEndingWithoutAFinishReasonIsCut() throws Exception {
        upstream.on("g", GeminiBehavior.noFinishReason(GeminiReply.text("Almost done here")));
        StreamRecorder r = stream(model("g"), HELLO, options());
        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.STREAM_CUT);
        assertThat(r.text()).isEqualTo("Almost done");
    }

    @Test
    void aBlockedPromptFailsBeforeAnyChunk() throws Exception {
        upstream.on("g", GeminiBehavior.blocked("PROHIBITED_CONTENT"));
        StreamRecorder r = stream(model("g"), HELLO, options());
        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.CONTENT_POLICY);
        assertThat(r.chunks()).isEmpty();
    }

    @Test
    void anErrorStatusBeforeTheStreamIsClassified() throws Exception {
        upstream.on("g", GeminiBehavior.error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.",
                null));
        StreamRecorder r = stream(model("g"), HELLO, options());
        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.OVERLOADED);
    }

    @Test
    void headersThatNeverComeAreATimeoutAndNoTokenIsAFirstTokenTimeout() throws Exception {
        upstream.on("g", GeminiBehavior.hang());
        StreamRecorder r = stream(model("g"), HELLO, options(Duration.ofMillis(300), Duration.ofSeconds(5)));
        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.TIMEOUT);

        upstream.on("g", call -> call.request().response().setChunked(true)
                .putHeader("content-type", "text/event-stream").write(""));
        StreamRecorder silent = stream(model("g"), HELLO, options(Duration.ofSeconds(5), Duration.ofMillis(300)));
        assertThat(streamFailure(silent).kind()).isEqualTo(ErrorKind.FIRST_TOKEN_TIMEOUT);
    }

    @Test
    void cancellingResetsTheUpstreamRequest() throws Exception {
        upstream.on("g", GeminiBehavior.hang());
        CallOptions options = options();
        StreamRecorder r = stream(model("g"), HELLO, options);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.requests().isEmpty());
        options.cancel().cancel();
        LlmException e = streamFailure(r);
        assertThat(e.kind().retryable()).isTrue();
    }
}
