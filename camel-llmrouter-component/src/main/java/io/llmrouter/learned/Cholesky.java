package io.llmrouter.learned;

/** Solves A x = b for a symmetric positive-definite A (ridge's normal equations), by Cholesky decomposition. */
final class Cholesky {

    private Cholesky() {
    }

    /**
     * @param a row-major d × d; only its lower triangle is read, and it is overwritten by the factor
     */
    static double[] solve(double[] a, double[] b, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    sum -= a[i * d + k] * a[j * d + k];
                }
                if (i == j) {
                    if (sum <= 0) {
                        throw new IllegalArgumentException("Matrix is not positive definite");
                    }
                    a[i * d + i] = Math.sqrt(sum);
                } else {
                    a[i * d + j] = sum / a[j * d + j];
                }
            }
        }
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= a[i * d + k] * y[k];
            }
            y[i] = sum / a[i * d + i];
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < d; k++) {
                sum -= a[k * d + i] * x[k];
            }
            x[i] = sum / a[i * d + i];
        }
        return x;
    }
}
