package io.llmrouter.learned;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Per model, a ridge regression of its score on the prompt's embedding and {@link PromptFeatures}, inputs standardised
 * to mean 0 and variance 1 first. Where the nearest neighbours are few or mixed it still says which direction of the
 * embedding space, or which length or digit density, goes with the strong model's lead. A standardised input is held
 * within {@link #LIMIT} deviations, in training and prediction alike: a real conversation can be far longer, or hold
 * far more numbers, than any benchmark question, and a linear model would follow it off the scale.
 */
final class RidgeHead {

    static final double LIMIT = 4;

    private final float[] mean;
    private final float[] scale;
    /** Per model, one weight per input. */
    private final float[][] weights;
    private final float[] intercepts;

    private RidgeHead(float[] mean, float[] scale, float[][] weights, float[] intercepts) {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.intercepts = intercepts;
    }

    /** The head's input: the embedding followed by the prompt's features. */
    static float[] input(float[] embedding, String prompt) {
        float[] features = PromptFeatures.of(prompt);
        float[] x = new float[embedding.length + features.length];
        System.arraycopy(embedding, 0, x, 0, embedding.length);
        System.arraycopy(features, 0, x, embedding.length, features.length);
        return x;
    }

    /**
     * Fits one regression per model on the rows where that model has a score.
     *
     * @param inputs rows of {@link #input}
     * @param scores row-major, models a row; NaN where a model has no score
     */
    static RidgeHead fit(float[][] inputs, float[] scores, int models, double lambda) {
        int n = inputs.length;
        int d = inputs[0].length;
        float[] mean = new float[d];
        float[] scale = new float[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            double squares = 0;
            for (float[] x : inputs) {
                sum += x[j];
                squares += (double) x[j] * x[j];
            }
            double mu = sum / n;
            mean[j] = (float) mu;
            scale[j] = (float) (1 / (Math.sqrt(Math.max(squares / n - mu * mu, 0)) + 1e-9));
        }
        float[][] weights = new float[models][];
        float[] intercepts = new float[models];
        for (int m = 0; m < models; m++) {
            double[] gram = new double[d * d];
            double[] right = new double[d];
            double ySum = 0;
            int rows = 0;
            for (int i = 0; i < n; i++) {
                if (!Float.isNaN(scores[i * models + m])) {
                    ySum += scores[i * models + m];
                    rows++;
                }
            }
            double yMean = rows == 0 ? Double.NaN : ySum / rows;
            double[] z = new double[d];
            for (int i = 0; i < n; i++) {
                float y = scores[i * models + m];
                if (Float.isNaN(y)) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    z[j] = standard(inputs[i][j], mean[j], scale[j]);
                }
                for (int a = 0; a < d; a++) {
                    double za = z[a];
                    right[a] += za * (y - yMean);
                    int row = a * d;
                    for (int b = 0; b <= a; b++) {
                        gram[row + b] += za * z[b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                gram[a * d + a] += lambda;
            }
            double[] beta = rows == 0 ? new double[d] : Cholesky.solve(gram, right, d);
            weights[m] = new float[d];
            for (int j = 0; j < d; j++) {
                weights[m][j] = (float) beta[j];
            }
            intercepts[m] = (float) yMean;
        }
        return new RidgeHead(mean, scale, weights, intercepts);
    }

    private static double standard(float x, float mean, float scale) {
        return Math.max(-LIMIT, Math.min(LIMIT, (x - mean) * scale));
    }

    int inputs() {
        return mean.length;
    }

    /** Per model, the regression's prediction for one {@link #input}; NaN for a model it had no scores for. */
    double[] predict(float[] input) {
        double[] out = new double[weights.length];
        for (int m = 0; m < weights.length; m++) {
            double y = intercepts[m];
            float[] w = weights[m];
            for (int j = 0; j < w.length; j++) {
                y += standard(input[j], mean[j], scale[j]) * w[j];
            }
            out[m] = y;
        }
        return out;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(mean.length);
        out.writeInt(weights.length);
        for (int j = 0; j < mean.length; j++) {
            out.writeFloat(mean[j]);
            out.writeFloat(scale[j]);
        }
        for (int m = 0; m < weights.length; m++) {
            out.writeFloat(intercepts[m]);
            for (float w : weights[m]) {
                out.writeFloat(w);
            }
        }
    }

    static RidgeHead read(DataInputStream in) throws IOException {
        int d = in.readInt();
        int models = in.readInt();
        float[] mean = new float[d];
        float[] scale = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = in.readFloat();
            scale[j] = in.readFloat();
        }
        float[][] weights = new float[models][d];
        float[] intercepts = new float[models];
        for (int m = 0; m < models; m++) {
            intercepts[m] = in.readFloat();
            for (int j = 0; j < d; j++) {
                weights[m][j] = in.readFloat();
            }
        }
        return new RidgeHead(mean, scale, weights, intercepts);
    }
}
