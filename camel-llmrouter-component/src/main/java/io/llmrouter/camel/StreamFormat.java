package io.llmrouter.camel;

import java.util.Locale;

import io.llmrouter.api.ChatStream;
import io.llmrouter.dialect.Dialect;
import io.llmrouter.dialect.SseInputStream;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** How a streamed answer is handed to the route: the {@link ChatStream} itself, or its SSE bytes. */
enum StreamFormat {
    /** The {@link ChatStream}, for the route to subscribe to. */
    CHUNKS,
    /** The Server-Sent Events of the endpoint's dialect as an {@link SseInputStream}, with their Content-Type. */
    SSE;

    static StreamFormat parse(String name, String where) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                // the message below
            }
        }
        throw new IllegalArgumentException("llm: " + where + " must be chunks or sse, was '" + name + "'");
    }

    /** The endpoint's format, unless the message's {@link LlmHeaders#STREAM_FORMAT} header names another. */
    static StreamFormat of(Message in, LlmConfiguration configuration) {
        Object header = in.getHeader(LlmHeaders.STREAM_FORMAT);
        return header == null ? parse(configuration.getStreamFormat(), "option streamFormat")
                : parse(header.toString(), "header " + LlmHeaders.STREAM_FORMAT);
    }

    /** The callback that completes the exchange: in SSE form, a streamed answer's body becomes its bytes first. */
    AsyncCallback deliver(Exchange exchange, Dialect dialect, AsyncCallback callback) {
        if (this == CHUNKS) {
            return callback;
        }
        return doneSync -> {
            Message out = exchange.getMessage();
            if (exchange.getException() == null && out.getBody() instanceof ChatStream stream) {
                out.setBody(SseInputStream.of(stream, dialect));
                out.setHeader(Exchange.CONTENT_TYPE, Dialect.SSE_CONTENT_TYPE);
            }
            callback.done(doneSync);
        };
    }
}
