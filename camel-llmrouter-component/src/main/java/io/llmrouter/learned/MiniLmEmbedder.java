package io.llmrouter.learned;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-MiniLM-L6-v2, quantised ONNX, run in process by LangChain4j's ONNX embedder: the weights and tokenizer ship
 * inside its Maven artifact, so nothing is downloaded at run time. 384 dimensions, about 7 ms a prompt on one core.
 * Safe for concurrent use.
 */
public final class MiniLmEmbedder implements Embedder {

    /** The name model files record, so a file is never read with another embedder's vectors. */
    public static final String NAME = "all-minilm-l6-v2-q";
    public static final int DIMENSIONS = 384;

    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public float[] embed(String text) {
        return Vectors.normalised(model.embed(text.isBlank() ? " " : text).content().vector());
    }
}
