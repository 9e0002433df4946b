package io.llmrouter.provider.gemini;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.Json;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.StreamListener;
import io.llmrouter.api.ToolCall;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.SseStreamAttempt;
import io.llmrouter.time.Clock;
import io.vertx.core.Vertx;

/**
 * One streamed attempt against {@code streamGenerateContent?alt=sse}: each event is a whole GenerateContentResponse
 * holding the next parts of each candidate, translated into OpenAI chunks as it arrives. A function call arrives
 * whole, so it becomes one tool-call delta with its id, name and all its arguments. Gemini sends no terminating
 * event: the stream is complete when the response ends after every candidate has its {@code finishReason} (the last
 * event also carries the final usage), and cut otherwise. Watches time to first token and silence between events,
 * and ends exactly once.
 */
final class GenerateContentStream extends SseStreamAttempt {

    /** Per candidate index: tool calls so far (OpenAI numbers them per choice). */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    private final Set<Integer> started = new HashSet<>();
    private final Set<Integer> finished = new HashSet<>();
    private final Set<Integer> rolesSent = new HashSet<>();
    private String id;
    private long created;
    private Usage usage;

    GenerateContentStream(Vertx vertx, Clock clock, Deployment d, String url, CallOptions options, StreamListener listener) {
        super(vertx, clock, d, url, options, listener, GeminiErrors::classify);
    }

    @Override
    protected String terminator() {
        return "a finishReason";
    }

    /** Gemini sends no terminating event: the end of the response completes a stream whose candidates all finished. */
    @Override
    protected void onEnd() {
        if (finished.isEmpty() || !finished.containsAll(started)) {
            super.onEnd();
            return;
        }
        if (usage != null) {
            ChatChunk last = chunk();
            last.choices = List.of();
            last.usage = usage;
            emit(last);
        }
        complete();
    }

    @Override
    protected void onEvent(String data) {
        JsonNode event = eventObject(data);
        if (event == null) {
            return;
        }
        if (event.has("error")) {
            fail(GeminiErrors.ofEvent(d.id(), d.provider().apiKey(), data));
            return;
        }
        String blocked = event.path("promptFeedback").path("blockReason").asText(null);
        if (blocked != null) {
            fail(GeminiErrors.blocked(d.id(), blocked));
            return;
        }
        if (id == null) {
            id = event.path("responseId").asText(null);
            created = System.currentTimeMillis() / 1000;
        }
        if (event.has("usageMetadata")) {
            // each event reports the counts so far: the last one is the total
            usage = GeminiUsage.of(event.get("usageMetadata"));
        }
        int position = 0;
        for (JsonNode candidate : event.path("candidates")) {
            onCandidate(candidate.path("index").asInt(position++), candidate);
        }
    }

    private void onCandidate(int index, JsonNode candidate) {
        started.add(index);
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue;
            }
            if (part.has("text") && !part.path("text").asText().isEmpty()) {
                emit(index, ChatMessage.of(null, part.path("text").asText()), null);
            } else if (part.has("functionCall")) {
                JsonNode fc = part.get("functionCall");
                int n = toolCalls.merge(index, 1, Integer::sum) - 1;
                ToolCall call = ToolCall.function("call_" + (n + 1), fc.path("name").asText(),
                        Json.string(fc.has("args") ? fc.get("args") : Json.MAPPER.createObjectNode()));
                call.index = n;
                ChatMessage m = new ChatMessage();
                m.toolCalls = List.of(call);
                emit(index, m, null);
            }
        }
        String reason = candidate.path("finishReason").asText(null);
        if (reason != null && finished.add(index)) {
            emit(index, new ChatMessage(), FinishReasons.toFinishReason(reason, toolCalls.containsKey(index)));
        }
    }

    private void emit(int index, ChatMessage delta, String finishReason) {
        if (rolesSent.add(index)) {
            delta.role = "assistant";
            if (delta.content == null && delta.toolCalls == null) {
                delta.content = MessageContent.text("");
            }
        }
        ChatChunk.Choice choice = new ChatChunk.Choice();
        choice.index = index;
        choice.delta = delta;
        choice.finishReason = finishReason;
        ChatChunk c = chunk();
        c.choices = List.of(choice);
        emit(c);
    }

    private ChatChunk chunk() {
        ChatChunk c = new ChatChunk();
        c.id = id;
        c.created = created;
        c.model = d.id();
        return c;
    }

}
