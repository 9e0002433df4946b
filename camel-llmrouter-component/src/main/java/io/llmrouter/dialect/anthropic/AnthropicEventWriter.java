package io.llmrouter.dialect.anthropic;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.ToolCall;
import io.llmrouter.api.Usage;
import io.llmrouter.dialect.EventWriter;
import io.llmrouter.provider.anthropic.StopReasons;

/**
 * Translates one canonical stream, chunk by chunk, into Anthropic's Server-Sent Events: message_start, then for each
 * text run or tool call a content_block_start, its deltas and a content_block_stop, then message_delta (stop reason
 * and usage) and message_stop. Each method returns the SSE bytes to write at once (possibly none), so nothing is held
 * back. OpenAI sends usage after the finish reason, so message_delta is written when the stream completes.
 */
public final class AnthropicEventWriter implements EventWriter {

    private final Set<Integer> startedTools = new HashSet<>();
    private boolean started;
    /** The index of the open content block, or -1. */
    private int openBlock = -1;
    private boolean openIsText;
    private int nextBlock;
    private String finishReason;
    private Usage usage;

    @Override
    public byte[] chunk(ChatChunk chunk) {
        StringBuilder out = new StringBuilder();
        start(out, chunk);
        if (chunk.usage != null) {
            usage = chunk.usage;
        }
        if (chunk.choices == null || chunk.choices.isEmpty()) {
            return bytes(out);
        }
        ChatChunk.Choice choice = chunk.choices.get(0);
        ChatMessage delta = choice.delta;
        if (delta != null && delta.content != null && !delta.content.asText().isEmpty()) {
            if (openBlock < 0 || !openIsText) {
                stopBlock(out);
                openBlock = nextBlock++;
                openIsText = true;
                ObjectNode start = event("content_block_start").put("index", openBlock);
                start.putObject("content_block").put("type", "text").put("text", "");
                write(out, start);
            }
            ObjectNode d = event("content_block_delta").put("index", openBlock);
            d.putObject("delta").put("type", "text_delta").put("text", delta.content.asText());
            write(out, d);
        }
        if (delta != null && delta.toolCalls != null) {
            for (ToolCall call : delta.toolCalls) {
                tool(out, call);
            }
        }
        if (choice.finishReason != null) {
            finishReason = choice.finishReason;
        }
        return bytes(out);
    }

    /** The open block's stop, message_delta with the stop reason and usage, message_stop. */
    @Override
    public byte[] complete() {
        StringBuilder out = new StringBuilder();
        if (!started) {
            start(out, new ChatChunk());
        }
        stopBlock(out);
        ObjectNode delta = event("message_delta");
        delta.putObject("delta").put("stop_reason", StopReasons.toStopReason(finishReason)).putNull("stop_sequence");
        delta.set("usage", AnthropicResponseWriter.usage(usage));
        write(out, delta);
        write(out, event("message_stop"));
        return bytes(out);
    }

    @Override
    public byte[] error(LlmException e) {
        return ("event: error\ndata: " + Json.string(AnthropicErrorWriter.body(e)) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void tool(StringBuilder out, ToolCall call) {
        int index = call.index == null ? 0 : call.index;
        if (call.id != null && !startedTools.contains(index)) {
            startedTools.add(index);
            stopBlock(out);
            openBlock = nextBlock++;
            openIsText = false;
            ObjectNode start = event("content_block_start").put("index", openBlock);
            ObjectNode block = start.putObject("content_block").put("type", "tool_use").put("id", call.id)
                    .put("name", call.function == null ? null : call.function.name);
            block.putObject("input");
            write(out, start);
        }
        String args = call.function == null ? null : call.function.arguments;
        if (args != null && !args.isEmpty() && openBlock >= 0 && !openIsText) {
            ObjectNode d = event("content_block_delta").put("index", openBlock);
            d.putObject("delta").put("type", "input_json_delta").put("partial_json", args);
            write(out, d);
        }
    }

    private void start(StringBuilder out, ChatChunk chunk) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode start = event("message_start");
        ObjectNode message = start.putObject("message").put("id", AnthropicResponseWriter.messageId(chunk.id))
                .put("type", "message").put("role", "assistant");
        message.putArray("content");
        message.put("model", chunk.model).putNull("stop_reason").putNull("stop_sequence");
        // the input count is known only at the end with OpenAI upstreams: message_delta carries it then
        message.set("usage", AnthropicResponseWriter.usage(chunk.usage));
        write(out, start);
    }

    private void stopBlock(StringBuilder out) {
        if (openBlock >= 0) {
            write(out, event("content_block_stop").put("index", openBlock));
            openBlock = -1;
        }
    }

    private static ObjectNode event(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    private static byte[] bytes(StringBuilder events) {
        return events.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder out, ObjectNode event) {
        out.append("event: ").append(event.get("type").asText()).append("\ndata: ").append(Json.string(event))
                .append("\n\n");
    }
}
