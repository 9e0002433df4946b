package io.llmrouter.testing;

import java.util.Locale;

import io.llmrouter.learned.Embedder;

/**
 * A predictable stand-in for a sentence-embedding model: a bag of lower-case words hashed into 64 dimensions, so two
 * prompts with the same words (in any case, order or punctuation) have similarity 1 and unrelated ones far less.
 */
public final class WordEmbedder implements Embedder {

    @Override
    public int dimensions() {
        return 64;
    }

    @Override
    public float[] embed(String text) {
        float[] v = new float[64];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                v[Math.floorMod(w.hashCode(), v.length)] += 1;
            }
        }
        return io.llmrouter.cache.SemanticIndex.normalise(v);
    }
}
