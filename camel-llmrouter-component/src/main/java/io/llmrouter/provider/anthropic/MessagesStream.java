package io.llmrouter.provider.anthropic;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.StreamListener;
import io.llmrouter.api.ToolCall;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.SseStreamAttempt;
import io.llmrouter.provider.StructuredOutput;
import io.llmrouter.time.Clock;
import io.vertx.core.Vertx;

/**
 * One streamed attempt against the Messages API: each Anthropic event is translated into OpenAI chunks as it arrives.
 * The assistant role from {@code message_start} is held back and sent with the first content, so that the frequent
 * {@code overloaded_error} right after message_start still fails over before the caller has seen a byte. Watches time
 * to first token and silence between events (pings do not count as tokens), and ends exactly once: complete on
 * {@code message_stop}, an error otherwise.
 */
final class MessagesStream extends SseStreamAttempt {

    private final UsageCounter usage = new UsageCounter();
    /** Content block index to tool call index: OpenAI numbers tool calls among themselves. */
    private final Map<Integer, Integer> toolIndex = new HashMap<>();
    /** The content block carrying the structured-output call, whose input is streamed as content; -1 if none. */
    private int structuredBlock = -1;

    MessagesStream(Vertx vertx, Clock clock, Deployment d, String url, CallOptions options, StreamListener listener) {
        super(vertx, clock, d, url, options, listener, AnthropicErrors::classify);
    }

    @Override
    protected String terminator() {
        return "message_stop";
    }

    @Override
    protected void onEvent(String data) {
        JsonNode event = eventObject(data);
        if (event == null) {
            return;
        }
        switch (event.path("type").asText()) {
            case "message_start" -> {
                JsonNode message = event.path("message");
                chunkId = message.path("id").asText(null);
                chunkCreated = System.currentTimeMillis() / 1000;
                usage.add(message.get("usage"));
                holdRole();
            }
            case "content_block_start" -> onBlockStart(event.path("index").asInt(), event.path("content_block"));
            case "content_block_delta" -> onBlockDelta(event.path("index").asInt(), event.path("delta"));
            case "message_delta" -> {
                usage.add(event.get("usage"));
                String stop = event.path("delta").path("stop_reason").asText(null);
                if (stop != null) {
                    emitDelta(new ChatMessage(), toolIndex.isEmpty() && "tool_use".equals(stop) ? "stop"
                            : StopReasons.toFinishReason(stop));
                }
            }
            case "message_stop" -> {
                ChatChunk last = newChunk();
                last.choices = List.of();
                last.usage = usage.toUsage();
                emit(last);
                complete();
            }
            case "error" -> fail(AnthropicErrors.ofEvent(d.id(), d.provider().apiKey(),
                    data.getBytes(StandardCharsets.UTF_8)));
            default -> {
                // ping, content_block_stop and event types added later carry nothing to translate
            }
        }
    }

    private void onBlockStart(int index, JsonNode block) {
        String type = block.path("type").asText();
        if (type.equals("tool_use") && StructuredOutput.TOOL.equals(block.path("name").asText())) {
            structuredBlock = index;
        } else if (type.equals("tool_use")) {
            int n = toolIndex.size();
            toolIndex.put(index, n);
            ToolCall call = ToolCall.function(block.path("id").asText(), block.path("name").asText(), "");
            call.index = n;
            ChatMessage m = new ChatMessage();
            m.toolCalls = List.of(call);
            emitDelta(m, null);
        } else if (type.equals("text") && !block.path("text").asText("").isEmpty()) {
            emitDelta(ChatMessage.of(null, block.path("text").asText()), null);
        }
    }

    private void onBlockDelta(int index, JsonNode delta) {
        switch (delta.path("type").asText()) {
            case "text_delta" -> emitDelta(ChatMessage.of(null, delta.path("text").asText()), null);
            case "input_json_delta" -> {
                if (index == structuredBlock) {
                    String json = delta.path("partial_json").asText("");
                    if (!json.isEmpty()) {
                        emitDelta(ChatMessage.of(null, json), null);
                    }
                    return;
                }
                emitToolArguments(toolIndex.get(index), delta.path("partial_json").asText(""));
            }
            default -> {
                // thinking and signature deltas have no Chat Completions counterpart
            }
        }
    }

}
