package io.llmrouter.cache;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-MiniLM-L6-v2 (quantized, 384 dimensions) run in process by ONNX Runtime, from LangChain4j's artifact: the model
 * ships in the jar, nothing is downloaded. Loading it takes about a second and some 100 MB, so it is made only when
 * the first semantic lookup needs it.
 */
public final class MiniLmEmbedder implements PromptEmbedder {

    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }
}
