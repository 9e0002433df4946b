package io.llmrouter.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.ToolCall;
import io.llmrouter.testing.AnthropicBehavior;
import io.llmrouter.testing.AnthropicReply;
import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.api.Test;

/** Anthropic's stream events become OpenAI chunks as they arrive; a stream ends once, and only with message_stop. */
class AnthropicStreamTest extends AnthropicAdapterTestSupport {

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"stream\":true}";

    @Test
    void streamsTextThenFinishReasonThenAUsageChunk() throws Exception {
        upstream.on("up-a", AnthropicBehavior.reply(AnthropicReply.text("Hello there friend").withUsage(12, 3, 100, 0)));
        StreamRecorder r = stream(model("a"), HELLO, options());
        r.end().get(10, TimeUnit.SECONDS);
        List<ChatChunk> chunks = r.chunks();
        assertThat(r.text()).isEqualTo("Hello there friend");
        assertThat(chunks.get(0).choices.get(0).delta.role).isEqualTo("assistant");
        assertThat(chunks.get(0).id).isEqualTo("msg_fake01");
        assertThat(chunks.get(0).model).isEqualTo("pub-a");
        ChatChunk finish = chunks.get(chunks.size() - 2);
        assertThat(finish.choices.get(0).finishReason).isEqualTo("stop");
        ChatChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.usageOnly()).isTrue();
        assertThat(last.usage.promptTokens).isEqualTo(112);
        assertThat(last.usage.cachedTokens()).isEqualTo(100);
        assertThat(last.usage.completionTokens).isEqualTo(3);
        assertThat(r.endings()).containsExactly("complete");
    }

    @Test
    void streamsParallelToolCallsAsIndexedDeltas() throws Exception {
        upstream.on("up-a", AnthropicBehavior.reply(AnthropicReply.tools("Checking.",
                "get_weather", "{\"city\":\"Paris\"}", "get_time", "{\"zone\":\"CET\"}")));
        StreamRecorder r = stream(model("a"), HELLO, options());
        r.end().get(10, TimeUnit.SECONDS);
        assertThat(r.text()).isEqualTo("Checking.");
        StringBuilder[] args = { new StringBuilder(), new StringBuilder() };
        String[] names = new String[2];
        String[] ids = new String[2];
        String finish = null;
        for (ChatChunk c : r.chunks()) {
            if (c.choices.isEmpty()) {
                continue;
            }
            if (c.choices.get(0).finishReason != null) {
                finish = c.choices.get(0).finishReason;
            }
            if (c.choices.get(0).delta.toolCalls != null) {
                for (ToolCall call : c.choices.get(0).delta.toolCalls) {
                    if (call.id != null) {
                        ids[call.index] = call.id;
                        names[call.index] = call.function.name;
                        assertThat(call.type).isEqualTo("function");
                    }
                    args[call.index].append(call.function.arguments);
                }
            }
        }
        assertThat(ids).containsExactly("toolu_01", "toolu_02");
        assertThat(names).containsExactly("get_weather", "get_time");
        assertThat(args[0].toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(args[1].toString()).isEqualTo("{\"zone\":\"CET\"}");
        assertThat(finish).isEqualTo("tool_calls");
    }

    @Test
    void aStreamWithoutMessageStopIsCut() throws Exception {
        upstream.on("up-a", AnthropicBehavior.noMessageStop(AnthropicReply.text("Almost done")));
        StreamRecorder r = stream(model("a"), HELLO, options());
        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.STREAM_CUT);
        assertThat(r.text()).isEqualTo("Almost done");
    }

    @Test
    void anEventThatIsNotJsonFailsTheStreamWithoutQuotingIt() throws Exception {
        upstream.on("up-a", AnthropicBehavior.malformedEventWithin(AnthropicReply.text("one two three four")));
        StreamRecorder r = stream(model("a"), HELLO, options());
        LlmException e = streamFailure(r);
        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).doesNotContain("content_block_delta");
    }

    @Test
    void anErrorEventRightAfterMessageStartFailsBeforeAnyChunkIsDelivered() throws Exception {
        upstream.on("up-a", AnthropicBehavior.errorEvent("overloaded_error", "Overloaded"));
        StreamRecorder r = stream(model("a"), HELLO, options());
        LlmException e = streamFailure(r);
        assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
        assertThat(e.getMessage()).contains("Overloaded");
        // nothing was delivered, so the router can still fail over
        assertThat(r.chunks()).isEmpty();
    }

    @Test
    void anUpstreamThatNeverAnswersFailsWithATimeout() throws Exception {
        upstream.on("up-a", AnthropicBehavior.hang());
        StreamRecorder r = stream(model("a"), HELLO, options(Duration.ofMillis(300), Duration.ofSeconds(5)));
        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void anErrorStatusBeforeTheStreamIsClassified() throws Exception {
        upstream.on("up-a", AnthropicBehavior.error(529, "overloaded_error", "Overloaded", null));
        StreamRecorder r = stream(model("a"), HELLO, options());
        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.OVERLOADED);
    }

    @Test
    void cancellingResetsTheUpstreamRequest() throws Exception {
        upstream.on("up-a", AnthropicBehavior.hang());
        var options = options();
        StreamRecorder r = stream(model("a"), HELLO, options);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.requests().isEmpty());
        options.cancel().cancel();
        LlmException e = streamFailure(r);
        assertThat(e.kind().retryable()).isTrue();
    }
}
