package io.llmrouter.bench;

import java.io.InputStream;
import java.util.concurrent.TimeUnit;

import io.llmrouter.learned.MiniLmEmbedder;
import io.llmrouter.learned.QualityModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The learned strategy's cost per request: embedding one prompt (all-MiniLM-L6-v2-q, ONNX, in process) and the kNN
 * prediction over the shipped model's 12,307 training prompts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class LearnedRouterBenchmark {

    /** A typical chat prompt: 46 words, about 60 tokens. */
    private static final String PROMPT = "Our quarterly sales fell by twelve percent while marketing spend rose. "
            + "Write a short analysis of three likely causes, say which data would confirm each one, and suggest "
            + "one experiment we could run next month to tell them apart.";

    private MiniLmEmbedder embedder;
    private QualityModel model;
    private float[] embedding;

    @Setup
    public void setUp() throws Exception {
        embedder = new MiniLmEmbedder();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("llmrouter/quality-model.bin")) {
            model = QualityModel.read(in);
        }
        embedding = embedder.embed(PROMPT);
    }

    @Benchmark
    public float[] embedOnePrompt() {
        return embedder.embed(PROMPT);
    }

    @Benchmark
    public double[] predictFromEmbedding() {
        return model.predict(embedding, PROMPT);
    }
}
