package io.llmrouter.provider.openai;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.StreamListener;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.SseStreamAttempt;
import io.llmrouter.time.Clock;
import io.vertx.core.Vertx;

/**
 * One streamed Responses API attempt against an upstream that serves it natively. Each upstream event goes on as a
 * chunk carrying it ({@link ChatChunk#responsesEvent}) plus what the router reads of it: text deltas as content, the
 * final event's finish and usage. {@code response.created} and {@code response.in_progress} are held until the first
 * output event, so a failure right after the start still fails over before the caller saw a byte. The stream is whole
 * once {@code response.completed} (or {@code response.incomplete}) came; {@code response.failed} and {@code error}
 * events fail it.
 */
final class ResponsesStreamCall extends SseStreamAttempt {

    private final List<ObjectNode> held = new ArrayList<>();
    private boolean finished;

    ResponsesStreamCall(Vertx vertx, Clock clock, Deployment d, String url, CallOptions options,
                        StreamListener listener) {
        super(vertx, clock, d, url, options, listener, OpenAiErrors::classify);
    }

    @Override
    protected String terminator() {
        return "response.completed";
    }

    @Override
    protected void onEnd() {
        if (finished) {
            complete();
        } else {
            super.onEnd();
        }
    }

    @Override
    protected void onEvent(String data) {
        if (finished) {
            return; // the answer is whole: a proxy's trailing [DONE] or anything else changes nothing
        }
        JsonNode event = eventObject(data);
        String type = event == null ? "" : event.path("type").asText("");
        if (type.isEmpty()) {
            return; // not an event of the Responses stream: skipped, as a sloppy chat stream's would be
        }
        switch (type) {
            case "response.created", "response.queued", "response.in_progress" -> held.add((ObjectNode) event);
            case "response.failed" -> fail(ResponsesAnswer.failed(event.path("response"), d));
            case "error" -> fail(ResponsesAnswer.failed(event, d));
            default -> {
                for (ObjectNode early : held) {
                    emit(chunk(early));
                }
                held.clear();
                ChatChunk c = chunk((ObjectNode) event);
                if (type.equals("response.output_text.delta")) {
                    c.choices = List.of(choice(MessageContent.text(event.path("delta").asText("")), null));
                } else if (type.equals("response.completed") || type.equals("response.incomplete")) {
                    JsonNode response = event.path("response");
                    boolean calls = false;
                    for (JsonNode item : response.path("output")) {
                        calls |= "function_call".equals(item.path("type").asText());
                    }
                    c.choices = List.of(choice(null, ResponsesAnswer.finishReason(response, calls)));
                    c.usage = ResponsesAnswer.usage(response.get("usage"));
                    finished = true;
                }
                emit(c);
            }
        }
    }

    private ChatChunk chunk(ObjectNode event) {
        ChatChunk c = newChunk();
        c.responsesEvent = event;
        return c;
    }

    private static ChatChunk.Choice choice(MessageContent content, String finishReason) {
        ChatChunk.Choice choice = new ChatChunk.Choice();
        choice.delta = new ChatMessage();
        choice.delta.content = content;
        choice.finishReason = finishReason;
        return choice;
    }
}
