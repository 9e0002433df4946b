package io.llmrouter.provider.anthropic;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.StreamListener;
import io.llmrouter.api.ToolCall;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.SseDecoder;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.provider.Watchdog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;

/**
 * One streamed attempt against the Messages API: each Anthropic event is translated into OpenAI chunks as it arrives.
 * The assistant role from {@code message_start} is held back and sent with the first content, so that the frequent
 * {@code overloaded_error} right after message_start still fails over before the caller has seen a byte. Watches time
 * to first token and silence between events (pings do not count as tokens), and ends exactly once: complete on
 * {@code message_stop}, an error otherwise.
 */
final class MessagesStream {

    private final Vertx vertx;
    private final Deployment d;
    private final String url;
    private final CallOptions options;
    private final StreamListener listener;
    private final SseDecoder decoder = new SseDecoder((event, data) -> onEvent(data));
    private final UsageCounter usage = new UsageCounter();
    /** Content block index to tool call index: OpenAI numbers tool calls among themselves. */
    private final Map<Integer, Integer> toolIndex = new HashMap<>();
    private String id;
    private long created;
    private boolean rolePending;
    private boolean sawChunk;
    private boolean done;
    private volatile boolean ended;
    private Watchdog watchdog;

    MessagesStream(Vertx vertx, Deployment d, String url, CallOptions options, StreamListener listener) {
        this.vertx = vertx;
        this.d = d;
        this.url = url;
        this.options = options;
        this.listener = listener;
        // armed before the request is sent, as onResponse may run before start
        this.watchdog = new Watchdog(vertx, options.timeout().toMillis(), () -> fail(
                LlmException.of(ErrorKind.TIMEOUT, "Upstream for '" + d.id() + "' sent no headers within "
                        + options.timeout().toMillis() + " ms")));
    }

    void start(Future<Void> request) {
        request.onFailure(t -> fail(UpstreamHttp.classify(t, url)));
    }

    /** Called as the response headers arrive, before any body byte, so no event is lost. */
    Future<Void> onResponse(HttpClientResponse resp) {
        watchdog.stop();
        if (resp.statusCode() != 200) {
            resp.body().onComplete(body -> fail(AnthropicErrors.classify(d.id(), d.provider().apiKey(),
                    resp.statusCode(), resp.getHeader("retry-after"), body.succeeded() ? body.result().getBytes() : null)));
            return Future.succeededFuture();
        }
        watchdog = new Watchdog(vertx, options.firstTokenTimeout().toMillis(), this::onSilence);
        resp.handler(buffer -> {
            if (!ended) {
                decoder.feed(buffer);
            }
        });
        resp.exceptionHandler(t -> fail(LlmException.of(ErrorKind.STREAM_CUT,
                "Stream from '" + d.id() + "' broke: " + UpstreamHttp.classify(t, url).getMessage())));
        resp.endHandler(v -> {
            if (done) {
                end(null);
            } else {
                fail(LlmException.of(ErrorKind.STREAM_CUT, "Stream from '" + d.id() + "' ended without message_stop"));
            }
        });
        return Future.succeededFuture();
    }

    private void onEvent(String data) {
        if (ended || done) {
            return;
        }
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(data);
        } catch (Exception e) {
            event = null;
        }
        if (event == null || !event.isObject()) {
            fail(LlmException.of(ErrorKind.MALFORMED_RESPONSE, "Upstream for '" + d.id()
                    + "' sent a malformed stream event: " + (data.length() <= 120 ? data : data.substring(0, 120) + "...")));
            return;
        }
        switch (event.path("type").asText()) {
            case "message_start" -> {
                JsonNode message = event.path("message");
                id = message.path("id").asText(null);
                created = System.currentTimeMillis() / 1000;
                usage.add(message.get("usage"));
                rolePending = true;
            }
            case "content_block_start" -> onBlockStart(event.path("index").asInt(), event.path("content_block"));
            case "content_block_delta" -> onBlockDelta(event.path("index").asInt(), event.path("delta"));
            case "message_delta" -> {
                usage.add(event.get("usage"));
                String stop = event.path("delta").path("stop_reason").asText(null);
                if (stop != null) {
                    emit(new ChatMessage(), StopReasons.toFinishReason(stop));
                }
            }
            case "message_stop" -> {
                done = true;
                ChatChunk last = chunk();
                last.choices = List.of();
                last.usage = usage.toUsage();
                listener.onChunk(last);
                end(null);
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
        if (type.equals("tool_use")) {
            int n = toolIndex.size();
            toolIndex.put(index, n);
            ToolCall call = ToolCall.function(block.path("id").asText(), block.path("name").asText(), "");
            call.index = n;
            ChatMessage m = new ChatMessage();
            m.toolCalls = List.of(call);
            emit(m, null);
        } else if (type.equals("text") && !block.path("text").asText("").isEmpty()) {
            emit(ChatMessage.of(null, block.path("text").asText()), null);
        }
    }

    private void onBlockDelta(int index, JsonNode delta) {
        switch (delta.path("type").asText()) {
            case "text_delta" -> emit(ChatMessage.of(null, delta.path("text").asText()), null);
            case "input_json_delta" -> {
                Integer n = toolIndex.get(index);
                String part = delta.path("partial_json").asText("");
                if (n != null && !part.isEmpty()) {
                    ToolCall call = new ToolCall();
                    call.index = n;
                    call.function = new ToolCall.FunctionCall();
                    call.function.arguments = part;
                    ChatMessage m = new ChatMessage();
                    m.toolCalls = List.of(call);
                    emit(m, null);
                }
            }
            default -> {
                // thinking and signature deltas have no Chat Completions counterpart
            }
        }
    }

    private void emit(ChatMessage delta, String finishReason) {
        if (rolePending) {
            rolePending = false;
            delta.role = "assistant";
            if (delta.content == null && delta.toolCalls == null) {
                delta.content = MessageContent.text("");
            }
        }
        ChatChunk.Choice choice = new ChatChunk.Choice();
        choice.index = 0;
        choice.delta = delta;
        choice.finishReason = finishReason;
        ChatChunk c = chunk();
        c.choices = List.of(choice);
        if (!sawChunk) {
            sawChunk = true;
            watchdog.stop();
            watchdog = new Watchdog(vertx, options.stallTimeout().toMillis(), this::onSilence);
        } else {
            watchdog.touch();
        }
        listener.onChunk(c);
    }

    private ChatChunk chunk() {
        ChatChunk c = new ChatChunk();
        c.id = id;
        c.created = created;
        c.model = d.id();
        return c;
    }

    private void onSilence() {
        fail(sawChunk
                ? LlmException.of(ErrorKind.STREAM_STALLED, "Stream from '" + d.id() + "' stalled for more than "
                        + options.stallTimeout().toMillis() + " ms")
                : LlmException.of(ErrorKind.FIRST_TOKEN_TIMEOUT, "Stream from '" + d.id() + "' sent no token within "
                        + options.firstTokenTimeout().toMillis() + " ms"));
    }

    private synchronized void fail(LlmException e) {
        boolean running = !ended && !done;
        // end first: cancelling resets the request, which reports a cut stream of its own on this same thread
        end(e);
        if (running) {
            options.cancel().cancel();
        }
    }

    private synchronized void end(LlmException error) {
        if (ended) {
            return;
        }
        ended = true;
        if (watchdog != null) {
            watchdog.stop();
        }
        if (error == null) {
            listener.onComplete();
        } else {
            listener.onError(error);
        }
    }
}
