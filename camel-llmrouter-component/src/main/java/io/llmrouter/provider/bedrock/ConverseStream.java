package io.llmrouter.provider.bedrock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.api.ToolCall;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.StreamAttempt;
import io.llmrouter.provider.StructuredOutput;
import io.llmrouter.time.Clock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/**
 * One streamed attempt against ConverseStream. The answer is AWS's binary event stream
 * ({@code application/vnd.amazon.eventstream}): frames are decoded as their bytes arrive (a frame split across reads
 * waits in the decoder for its rest, CRCs checked) and each event is translated into OpenAI chunks at once. The
 * assistant role from {@code messageStart} is held back until the first content, so an exception frame right after it
 * still fails over before the caller has seen a byte. A stream is complete only with both {@code messageStop} (the
 * finish reason) and {@code metadata} (the usage, sent last); anything less is cut.
 */
final class ConverseStream extends StreamAttempt {

    private final MessageDecoder decoder = new MessageDecoder(this::onFrame);
    /** Content block index to tool call index: OpenAI numbers tool calls among themselves. */
    private final Map<Integer, Integer> toolIndex = new HashMap<>();
    /** The content block carrying the structured-output call, whose input is streamed as content; -1 if none. */
    private int structuredBlock = -1;
    private boolean stopped;

    ConverseStream(Vertx vertx, Clock clock, Deployment d, String url, CallOptions options, StreamListener listener) {
        super(vertx, clock, d, url, options, listener, BedrockErrors::classify);
    }

    @Override
    protected void onHeaders(HttpClientResponse resp) {
        chunkId = ConverseAnswer.completionId(resp.getHeader("x-amzn-RequestId"));
    }

    @Override
    protected void onBytes(Buffer buffer) {
        try {
            decoder.feed(buffer.getBytes());
        } catch (RuntimeException e) {
            // a CRC mismatch or an impossible length: nothing after it can be trusted
            fail(LlmException.of(ErrorKind.MALFORMED_RESPONSE, "Upstream for '" + d.id()
                    + "' sent a malformed event-stream frame: " + e.getMessage()));
        }
    }

    @Override
    protected String terminator() {
        return stopped ? "metadata" : "messageStop";
    }

    private void onFrame(Message frame) {
        if (ended()) {
            return;
        }
        String messageType = header(frame, ":message-type");
        if ("exception".equals(messageType)) {
            fail(BedrockErrors.ofStreamException(d.id(), header(frame, ":exception-type"), frame.getPayload()));
            return;
        }
        if ("error".equals(messageType)) {
            fail(LlmException.of(ErrorKind.SERVER_ERROR, "Stream from '" + d.id() + "' failed: "
                    + header(frame, ":error-code") + ": " + header(frame, ":error-message")));
            return;
        }
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(frame.getPayload());
        } catch (Exception e) {
            event = null;
        }
        if (event == null || !event.isObject()) {
            fail(LlmException.of(ErrorKind.MALFORMED_RESPONSE, "Upstream for '" + d.id()
                    + "' sent a malformed " + header(frame, ":event-type") + " event"));
            return;
        }
        String type = header(frame, ":event-type");
        switch (type == null ? "" : type) {
            case "messageStart" -> holdRole();
            case "contentBlockStart" -> onBlockStart(event.path("contentBlockIndex").asInt(),
                    event.path("start").path("toolUse"));
            case "contentBlockDelta" -> onBlockDelta(event.path("contentBlockIndex").asInt(), event.path("delta"));
            case "messageStop" -> {
                stopped = true;
                String stop = event.path("stopReason").asText("end_turn");
                emitDelta(new ChatMessage(), toolIndex.isEmpty() && "tool_use".equals(stop) ? "stop"
                        : StopReasons.toFinishReason(stop));
            }
            case "metadata" -> onMetadata(ConverseAnswer.usage(event.get("usage")));
            default -> {
                // contentBlockStop and event types added later carry nothing to translate
            }
        }
    }

    private void onBlockStart(int index, JsonNode toolUse) {
        if (toolUse.isObject() && StructuredOutput.TOOL.equals(toolUse.path("name").asText())) {
            structuredBlock = index;
        } else if (toolUse.isObject()) {
            int n = toolIndex.size();
            toolIndex.put(index, n);
            ToolCall call = ToolCall.function(toolUse.path("toolUseId").asText(), toolUse.path("name").asText(), "");
            call.index = n;
            ChatMessage m = new ChatMessage();
            m.toolCalls = List.of(call);
            emitDelta(m, null);
        }
    }

    private void onBlockDelta(int index, JsonNode delta) {
        if (delta.hasNonNull("text")) {
            emitDelta(ChatMessage.of(null, delta.get("text").asText()), null);
        } else if (delta.path("toolUse").has("input") && index == structuredBlock) {
            String json = delta.path("toolUse").path("input").asText("");
            if (!json.isEmpty()) {
                emitDelta(ChatMessage.of(null, json), null);
            }
        } else if (delta.path("toolUse").has("input")) {
            emitToolArguments(toolIndex.get(index), delta.path("toolUse").path("input").asText(""));
        }
        // reasoningContent deltas have no Chat Completions counterpart
    }

    /** metadata comes after messageStop and ends the stream: the usage chunk, then completion. */
    private void onMetadata(Usage usage) {
        if (!stopped) {
            fail(LlmException.of(ErrorKind.MALFORMED_RESPONSE, "Stream from '" + d.id()
                    + "' sent metadata before messageStop"));
            return;
        }
        ChatChunk last = newChunk();
        last.choices = List.of();
        last.usage = usage != null ? usage : Usage.of(0, 0);
        emit(last);
        complete();
    }


    private static String header(Message frame, String name) {
        HeaderValue v = frame.getHeaders().get(name);
        return v == null ? null : v.getString();
    }

}
