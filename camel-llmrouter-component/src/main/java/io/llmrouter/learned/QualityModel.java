package io.llmrouter.learned;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Predicts, per trained model, the chance it answers a prompt well: a weighted mean (half each by default) of two
 * estimates. One is the similarity-weighted mean of that model's scores on the k most similar training prompts
 * (weights: cosine similarity to the power p); the other a {@link RidgeHead} over the embedding and
 * {@link PromptFeatures}. The pair was chosen over either alone, k-means cluster means (Avengers-Pro style),
 * per-model logistic regression and a small MLP because it scored best in cross-validation on the training split
 * (BENCHMARKS.md). The model file holds the training prompts' embeddings, as int8 with one scale each (384 bytes a
 * prompt), their ids (so the split can be checked), their scores and the ridge weights.
 */
public final class QualityModel {

    private static final int MAGIC = 0x4C4C5132; // "LLQ2"

    private final String embedder;
    private final int dimensions;
    private final int k;
    private final double power;
    private final List<String> models;
    private final List<String> ids;
    private final byte[] vectors;
    private final float[] scales;
    private final float[] scores;
    /** The ridge head's share of the prediction, 0..1; the neighbours have the rest. */
    private final double headWeight;
    private final RidgeHead head;

    QualityModel(String embedder, int dimensions, int k, double power, List<String> models, List<String> ids,
                 byte[] vectors, float[] scales, float[] scores, double headWeight, RidgeHead head) {
        this.embedder = embedder;
        this.dimensions = dimensions;
        this.k = k;
        this.power = power;
        this.models = List.copyOf(models);
        this.ids = List.copyOf(ids);
        this.vectors = vectors;
        this.scales = scales;
        this.scores = scores;
        this.headWeight = headWeight;
        this.head = head;
    }

    /** The models it has scores for, in the order of {@link #predict}'s answer. */
    public List<String> models() {
        return models;
    }

    /** The ids of the prompts it was trained on. */
    public List<String> trainingIds() {
        return ids;
    }

    public String embedder() {
        return embedder;
    }

    public int dimensions() {
        return dimensions;
    }

    public int size() {
        return ids.size();
    }

    /**
     * Per model (as {@link #models}), the predicted score (0..1) for the prompt and its embedding; NaN when no
     * neighbour has one.
     */
    public double[] predict(float[] embedding, String prompt) {
        double[] near = neighbours(embedding);
        double[] linear = head.predict(RidgeHead.input(embedding, prompt));
        double[] out = new double[near.length];
        for (int s = 0; s < out.length; s++) {
            double p = (1 - headWeight) * near[s] + headWeight * linear[s];
            out[s] = Double.isNaN(p) ? p : Math.min(1, Math.max(0, p));
        }
        return out;
    }

    /** Per model, the similarity-weighted mean score of the k nearest training prompts. */
    private double[] neighbours(float[] embedding) {
        if (embedding.length != dimensions) {
            throw new IllegalArgumentException("Expected a " + dimensions + "-dimension embedding, got "
                    + embedding.length);
        }
        int n = ids.size();
        int keep = Math.min(k, n);
        int[] best = new int[keep];
        double[] bestSim = new double[keep];
        Arrays.fill(bestSim, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            int base = i * dimensions;
            float dot = 0;
            for (int d = 0; d < dimensions; d++) {
                dot += vectors[base + d] * embedding[d];
            }
            double sim = dot * scales[i];
            if (sim > bestSim[keep - 1]) {
                int j = keep - 1;
                while (j > 0 && bestSim[j - 1] < sim) {
                    bestSim[j] = bestSim[j - 1];
                    best[j] = best[j - 1];
                    j--;
                }
                bestSim[j] = sim;
                best[j] = i;
            }
        }
        int m = models.size();
        double[] sum = new double[m];
        double[] weight = new double[m];
        for (int j = 0; j < keep; j++) {
            double w = Math.pow(Math.max(bestSim[j], 0), power);
            for (int s = 0; s < m; s++) {
                float score = scores[best[j] * m + s];
                if (!Float.isNaN(score)) {
                    sum[s] += w * score;
                    weight[s] += w;
                }
            }
        }
        double[] out = new double[m];
        for (int s = 0; s < m; s++) {
            out[s] = weight[s] > 0 ? sum[s] / weight[s] : Double.NaN;
        }
        return out;
    }

    public void write(OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
        DataOutputStream data = new DataOutputStream(gz);
        data.writeInt(MAGIC);
        data.writeUTF(embedder);
        data.writeInt(dimensions);
        data.writeInt(k);
        data.writeDouble(power);
        data.writeDouble(headWeight);
        data.writeInt(models.size());
        for (String m : models) {
            data.writeUTF(m);
        }
        data.writeInt(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            data.writeUTF(ids.get(i));
            data.writeFloat(scales[i]);
            data.write(vectors, i * dimensions, dimensions);
            for (int s = 0; s < models.size(); s++) {
                data.writeFloat(scores[i * models.size() + s]);
            }
        }
        head.write(data);
        data.flush();
        gz.finish();
    }

    public static QualityModel read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new GZIPInputStream(in, 1 << 16));
        if (data.readInt() != MAGIC) {
            throw new IOException("Not a quality model file (bad magic number)");
        }
        String embedder = data.readUTF();
        int dimensions = data.readInt();
        int k = data.readInt();
        double power = data.readDouble();
        double headWeight = data.readDouble();
        int m = data.readInt();
        List<String> models = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            models.add(data.readUTF());
        }
        int n = data.readInt();
        List<String> ids = new ArrayList<>(n);
        byte[] vectors = new byte[n * dimensions];
        float[] scales = new float[n];
        float[] scores = new float[n * m];
        for (int i = 0; i < n; i++) {
            ids.add(data.readUTF());
            scales[i] = data.readFloat();
            data.readFully(vectors, i * dimensions, dimensions);
            for (int s = 0; s < m; s++) {
                scores[i * m + s] = data.readFloat();
            }
        }
        RidgeHead head = RidgeHead.read(data);
        if (head.inputs() != dimensions + PromptFeatures.COUNT) {
            throw new IOException("Ridge head has " + head.inputs() + " inputs, expected "
                    + (dimensions + PromptFeatures.COUNT));
        }
        return new QualityModel(embedder, dimensions, k, power, models, ids, vectors, scales, scores, headWeight,
                head);
    }
}
