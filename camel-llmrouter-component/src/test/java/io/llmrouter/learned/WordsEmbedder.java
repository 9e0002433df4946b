package io.llmrouter.learned;

/** A deterministic stand-in for the ONNX embedder: each word adds one to a hashed dimension, then L2-normalised. */
final class WordsEmbedder implements Embedder {

    private static final int DIMENSIONS = 64;

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public float[] embed(String text) {
        float[] v = new float[DIMENSIONS];
        for (String w : text.toLowerCase(java.util.Locale.ROOT).split("\\W+")) {
            if (!w.isEmpty()) {
                v[Math.floorMod(w.hashCode(), DIMENSIONS)] += 1;
            }
        }
        return Vectors.normalised(v);
    }
}
