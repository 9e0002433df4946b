package io.llmrouter.dialect;

import io.llmrouter.api.LlmException;

/** Where a {@link Dialect} writes a stream's SSE bytes: an HTTP response, or an {@link SseInputStream}. */
public interface SseSink {

    /** The bytes of one or more events; never empty. */
    void write(byte[] events);

    /**
     * The closing events; nothing follows.
     *
     * @param failure why the stream failed, or null when it completed
     */
    void end(byte[] events, LlmException failure);
}
