package io.llmrouter.api;

/** Receives a streamed completion: chunks, then exactly one of {@link #onComplete()} or {@link #onError}. */
public interface StreamListener {

    void onChunk(ChatChunk chunk);

    /** The stream ended with its terminating event. */
    void onComplete();

    /** The stream failed; it is never also completed. */
    void onError(LlmException error);
}
