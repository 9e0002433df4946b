package io.llmrouter.cache;

/** Turns a prompt into a vector whose cosine similarity to another says how alike their meaning is. */
public interface PromptEmbedder {

    /** CPU work of milliseconds: never called on an event loop. */
    float[] embed(String text);
}
