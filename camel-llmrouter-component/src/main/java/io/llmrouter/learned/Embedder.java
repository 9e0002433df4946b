package io.llmrouter.learned;

/**
 * Turns text into a unit-length sentence embedding. Blocking and CPU-bound: call it from a worker
 * ({@link EmbeddingPool}), never from an event loop. The learned router and the semantic cache share it.
 */
public interface Embedder {

    int dimensions();

    /** The embedding of the text, L2-normalised, so a dot product is the cosine similarity. */
    float[] embed(String text);
}
