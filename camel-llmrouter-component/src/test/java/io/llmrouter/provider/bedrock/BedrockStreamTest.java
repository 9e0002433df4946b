package io.llmrouter.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.ToolCall;
import io.llmrouter.testing.BedrockBehavior;
import io.llmrouter.testing.BedrockReply;
import io.llmrouter.testing.StreamRecorder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * ConverseStream's binary event-stream frames become OpenAI chunks as they arrive; a stream ends once, complete only
 * after messageStop and metadata.
 */
class BedrockStreamTest extends BedrockAdapterTestSupport {

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"stream\":true}";

    @Test
    void streamsTextThenFinishReasonThenAUsageChunk() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.reply(BedrockReply.text("Hello there friend").withUsage(12, 3, 100)));
        StreamRecorder r = stream(model("a"), HELLO, options());
        completes(r);
        assertThat(last().path()).isEqualTo("/model/vendor.a-v1%3A0/converse-stream");
        assertThat(last().headers()).containsEntry("accept", "application/vnd.amazon.eventstream");
        List<ChatChunk> chunks = r.chunks();
        assertThat(r.text()).isEqualTo("Hello there friend");
        assertThat(chunks.get(0).choices.get(0).delta.role).isEqualTo("assistant");
        assertThat(chunks.get(0).id).isEqualTo("chatcmpl-req-fake-0001");
        assertThat(chunks.get(0).model).isEqualTo("pub-a");
        ChatChunk finish = chunks.get(chunks.size() - 2);
        assertThat(finish.choices.get(0).finishReason).isEqualTo("stop");
        ChatChunk usage = chunks.get(chunks.size() - 1);
        assertThat(usage.usageOnly()).isTrue();
        assertThat(usage.usage.promptTokens).isEqualTo(112);
        assertThat(usage.usage.cachedTokens()).isEqualTo(100);
        assertThat(usage.usage.completionTokens).isEqualTo(3);
    }

    @Test
    void decodesFramesSplitAcrossReadsAtAnyByte() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.chopped(BedrockReply.text("one two three four five"), 7));
        StreamRecorder r = stream(model("a"), HELLO, options());
        completes(r);
        assertThat(r.text()).isEqualTo("one two three four five");
    }

    @Test
    void streamsParallelToolCallsAsIndexedDeltas() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.reply(BedrockReply.tools("Checking.",
                "get_weather", "{\"city\":\"Paris\"}", "get_time", "{\"zone\":\"CET\"}")));
        StreamRecorder r = stream(model("a"), HELLO, options());
        completes(r);
        assertThat(r.text()).isEqualTo("Checking.");
        StringBuilder[] args = { new StringBuilder(), new StringBuilder() };
        String[] names = new String[2];
        String[] ids = new String[2];
        String finish = null;
        int argumentDeltas = 0;
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
                    } else {
                        argumentDeltas++;
                    }
                    args[call.index].append(call.function.arguments);
                }
            }
        }
        assertThat(ids).containsExactly("tooluse_01", "tooluse_02");
        assertThat(names).containsExactly("get_weather", "get_time");
        assertThat(args[0].toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(args[1].toString()).isEqualTo("{\"zone\":\"CET\"}");
        assertThat(argumentDeltas).isEqualTo(4);
        assertThat(finish).isEqualTo("tool_calls");
    }

    @Test
    void aStreamCutBeforeMessageStopIsCut() throws Exception {
        // messageStart and two of the three text deltas
        upstream.on(upstreamId("a"), BedrockBehavior.cutAfter(BedrockReply.text("Almost done here"), 3));
        StreamRecorder r = stream(model("a"), HELLO, options());
        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.STREAM_CUT);
        assertThat(r.text()).isEqualTo("Almost done");
    }

    @Test
    void aStreamWithMessageStopButNoMetadataIsCut() throws Exception {
        BedrockReply reply = BedrockReply.text("Done");
        upstream.on(upstreamId("a"), BedrockBehavior.cutAfter(reply, BedrockBehavior.frames(reply).size() - 1));
        StreamRecorder r = stream(model("a"), HELLO, options());
        LlmException e = streamFailure(r);
        assertThat(e.kind()).isEqualTo(ErrorKind.STREAM_CUT);
        assertThat(e.getMessage()).contains("metadata");
    }

    @Test
    void aThrottlingExceptionRightAfterMessageStartFailsBeforeAnyChunkIsDelivered() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.streamException("throttlingException", "Too many requests"));
        StreamRecorder r = stream(model("a"), HELLO, options());
        LlmException e = streamFailure(r);
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("Too many requests");
        // nothing was delivered, so the router can still fail over
        assertThat(r.chunks()).isEmpty();
    }

    @Test
    void eachStreamExceptionTypeGetsItsKind() throws Exception {
        String[][] cases = { { "modelStreamErrorException", "SERVER_ERROR" }, { "serviceUnavailableException", "OVERLOADED" },
                { "internalServerException", "SERVER_ERROR" }, { "modelTimeoutException", "TIMEOUT" },
                { "validationException", "UPSTREAM_BAD_REQUEST" } };
        for (String[] c : cases) {
            upstream.on(upstreamId("a"), BedrockBehavior.streamException(c[0], "failed: " + c[0]));
            StreamRecorder r = stream(model("a"), HELLO, options());
            assertThat(streamFailure(r).kind()).as(c[0]).isEqualTo(ErrorKind.valueOf(c[1]));
        }
    }

    @Test
    void aFrameWithABadChecksumIsMalformed() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.corruptFrame(BedrockReply.text("Hello there")));
        StreamRecorder r = stream(model("a"), HELLO, options());
        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    }

    @Test
    void anErrorStatusBeforeTheStreamIsClassified() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.error(503, "ServiceUnavailableException", "Service unavailable"));
        StreamRecorder r = stream(model("a"), HELLO, options());
        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.OVERLOADED);
    }

    @Test
    void anUpstreamThatNeverAnswersFailsWithATimeout() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.hang());
        StreamRecorder r = stream(model("a"), HELLO, options(Duration.ofMillis(300), Duration.ofSeconds(5)));
        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void cancellingResetsTheUpstreamRequest() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.hang());
        var options = options();
        StreamRecorder r = stream(model("a"), HELLO, options);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.requests().isEmpty());
        options.cancel().cancel();
        assertThat(streamFailure(r).kind().retryable()).isTrue();
    }
}
