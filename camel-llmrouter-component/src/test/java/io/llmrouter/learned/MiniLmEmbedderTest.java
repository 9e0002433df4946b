package io.llmrouter.learned;

import io.llmrouter.cache.SemanticIndex;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bundled model runs in process and tells a paraphrase from another question. */
class MiniLmEmbedderTest {

    static double cosine(Embedder e, String a, String b) {
        float[] x = SemanticIndex.normalise(e.embed(a));
        float[] y = SemanticIndex.normalise(e.embed(b));
        double dot = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
        }
        return dot;
    }

    @Test
    void aParaphraseIsFarCloserThanAnotherQuestion() {
        Embedder e = new MiniLmEmbedder();

        assertThat(e.embed("hello")).hasSize(384);
        double paraphrase = cosine(e, "What is the capital of France?", "what's the capital of france");
        double other = cosine(e, "What is the capital of France?", "How do I bake sourdough bread?");
        assertThat(paraphrase).isGreaterThan(0.9);
        assertThat(other).isLessThan(0.5);
    }
}
