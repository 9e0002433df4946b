package io.llmrouter.dialect;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;

/**
 * A caller-facing API (OpenAI's Chat Completions, Anthropic's Messages): the bytes its failures and streamed answers
 * are written in. Transports (the gateway's front door, a Camel route through {@link SseInputStream}) only move what
 * a dialect produces, so each wire format has one home: {@code dialect/openai} and {@code dialect/anthropic}.
 */
public interface Dialect {

    /** The Content-Type of a streamed answer, in every dialect. */
    String SSE_CONTENT_TYPE = "text/event-stream; charset=utf-8";

    /** The HTTP status a failure is answered with. */
    int status(LlmException failure);

    /** The error JSON a failure is answered with. */
    byte[] errorBody(LlmException failure);

    /** A writer for the events of one stream (it may keep state from event to event). */
    EventWriter events();

    /**
     * Subscribes to a stream and hands the sink each event's bytes as it arrives, then the closing events once: a
     * stream that fails after its first byte ends with an error event and no terminator, so no client mistakes it for
     * a complete answer.
     */
    default void stream(ChatStream stream, SseSink sink) {
        EventWriter events = events();
        stream.subscribe(new StreamListener() {
            @Override
            public void onChunk(ChatChunk chunk) {
                byte[] bytes = events.chunk(chunk);
                if (bytes.length > 0) {
                    sink.write(bytes);
                }
            }

            @Override
            public void onComplete() {
                sink.end(events.complete(), null);
            }

            @Override
            public void onError(LlmException error) {
                sink.end(events.error(error), error);
            }
        });
    }
}
