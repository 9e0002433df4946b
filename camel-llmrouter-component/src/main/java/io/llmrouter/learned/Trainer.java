package io.llmrouter.learned;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds a {@link QualityModel} from scored prompts, leaving out every test-split item ({@link SplitRule}). */
public final class Trainer {

    /** Neighbours, similarity power, ridge penalty and the ridge head's share, chosen by cross-validation on the
     * routing-eval training split (BENCHMARKS.md). */
    public static final int DEFAULT_K = 50;
    public static final double DEFAULT_POWER = 4;
    public static final double DEFAULT_LAMBDA = 100;
    public static final double DEFAULT_HEAD_WEIGHT = 0.5;

    private final Embedder embedder;
    private final String embedderName;
    private final int k;
    private final double power;
    private final double headWeight;

    /** @param headWeight the ridge head's share of a prediction, 0 (neighbours only) to 1 (ridge only) */
    public Trainer(Embedder embedder, String embedderName, int k, double power, double headWeight) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (!(headWeight >= 0 && headWeight <= 1)) {
            throw new IllegalArgumentException("The head weight must be between 0 and 1, got " + headWeight);
        }
        this.embedder = embedder;
        this.embedderName = embedderName;
        this.k = k;
        this.power = power;
        this.headWeight = headWeight;
    }

    /** The examples training may use: none of the test split. */
    public static List<Example> trainable(List<Example> examples) {
        List<Example> out = new ArrayList<>();
        for (Example e : examples) {
            if (!SplitRule.isTest(e.id()) && !e.scores().isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    public QualityModel train(List<Example> examples) {
        List<Example> train = trainable(examples);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("No training examples left after the test split is set aside");
        }
        Set<String> modelSet = new LinkedHashSet<>();
        for (Example e : train) {
            modelSet.addAll(e.scores().keySet());
        }
        List<String> models = List.copyOf(modelSet);
        int dims = embedder.dimensions();
        int n = train.size();
        byte[] vectors = new byte[n * dims];
        float[] scales = new float[n];
        float[] scores = new float[n * models.size()];
        float[][] inputs = new float[n][];
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Example e = train.get(i);
            ids.add(e.id() != null ? e.id() : "");
            float[] embedding = embedder.embed(e.prompt());
            scales[i] = quantise(embedding, vectors, i * dims);
            inputs[i] = RidgeHead.input(embedding, e.prompt());
            for (int s = 0; s < models.size(); s++) {
                Double score = e.scores().get(models.get(s));
                scores[i * models.size() + s] = score == null ? Float.NaN : score.floatValue();
            }
        }
        RidgeHead head = RidgeHead.fit(inputs, scores, models.size(), DEFAULT_LAMBDA);
        return new QualityModel(embedderName, dims, k, power, models, ids, vectors, scales, scores, headWeight, head);
    }

    /** Writes v as int8 at offset and returns the scale that turns it back (v[i] ≈ byte * scale). */
    private static float quantise(float[] v, byte[] into, int offset) {
        float max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        float scale = max == 0 ? 1 : max / 127f;
        for (int i = 0; i < v.length; i++) {
            into[offset + i] = (byte) Math.round(v[i] / scale);
        }
        return scale;
    }
}
