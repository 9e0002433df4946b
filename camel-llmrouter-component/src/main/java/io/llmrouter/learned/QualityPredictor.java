package io.llmrouter.learned;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.llmrouter.catalog.LearnedSettings;

/**
 * The learned router at run time: the catalog's quality model and the embedding pool, answering per catalog model
 * the predicted chance that it answers a prompt well. Catalog models map to trained ones through the catalog's
 * {@code learned.profiles}; a model without a profile gets no prediction.
 */
public final class QualityPredictor implements AutoCloseable {

    /** Embedding workers: one, since the ONNX runtime already uses the machine's cores for one embedding. */
    private static final int THREADS = 1;
    /** Prompts waiting to be embedded beyond which a request ranks without predictions rather than queue. */
    private static final int QUEUE = 256;

    private final QualityModel model;
    private final EmbeddingPool pool;
    private final Map<String, Integer> profileIndex = new HashMap<>();

    public QualityPredictor(QualityModel model, EmbeddingPool pool, Map<String, String> profiles) {
        if (!model.embedder().equals(MiniLmEmbedder.NAME) || pool.embedder().dimensions() != model.dimensions()) {
            throw new IllegalArgumentException("The quality model was trained on " + model.dimensions()
                    + "-dimension " + model.embedder() + " embeddings; the router embeds with " + MiniLmEmbedder.NAME);
        }
        this.model = model;
        this.pool = pool;
        List<String> trained = model.models();
        profiles.forEach((catalogId, trainedName) -> {
            int i = trained.indexOf(trainedName);
            if (i < 0) {
                throw new IllegalArgumentException("learned.profiles." + catalogId + ": '" + trainedName
                        + "' is not a model of the quality model (it knows " + trained + ")");
            }
            profileIndex.put(catalogId, i);
        });
    }

    /** Loads the catalog's model file and starts the embedder. */
    public static QualityPredictor load(LearnedSettings settings) {
        QualityModel model;
        try (InputStream in = open(settings.modelFile())) {
            model = QualityModel.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("learned.model_file " + settings.modelFile() + ": " + e.getMessage(), e);
        }
        return new QualityPredictor(model, new EmbeddingPool(new MiniLmEmbedder(), THREADS, QUEUE),
                settings.profiles());
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            InputStream in = QualityPredictor.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no such resource on the classpath");
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }

    /** Predicted quality per catalog model id with a profile; fails when the embedding pool is full. */
    public CompletableFuture<Map<String, Double>> predict(String prompt) {
        return pool.embed(prompt).thenApply(embedding -> {
            double[] p = model.predict(embedding, prompt);
            Map<String, Double> out = new HashMap<>();
            profileIndex.forEach((id, i) -> {
                if (!Double.isNaN(p[i])) {
                    out.put(id, p[i]);
                }
            });
            return out;
        });
    }

    /** Ends its embedding threads once what is queued is done: a reloaded catalog's predictor replaces this one. */
    @Override
    public void close() {
        pool.close();
    }
}
