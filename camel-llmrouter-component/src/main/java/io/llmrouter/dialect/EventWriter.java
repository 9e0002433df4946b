package io.llmrouter.dialect;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.LlmException;

/** Writes one stream's Server-Sent Events in a dialect, event by event, so nothing is held back. */
public interface EventWriter {

    /** The events for one chunk; empty when the chunk adds nothing the dialect shows. */
    byte[] chunk(ChatChunk chunk);

    /** The closing events of a stream that completed. */
    byte[] complete();

    /** The error event of a stream that failed after it had started. */
    byte[] error(LlmException failure);
}
