package io.github.espalier.compiler.search;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.tensor.Tensor;

/**
 * Least squares with a bias, shrunk toward the original weights: the W and b minimizing
 * ‖X·W + b − Y‖² + λ‖W − W₀‖². This is the repair of a pruned layer (Kwon et al. 2022, layer-wise
 * reconstruction): the kept activations X are mapped onto what the original layer produced, and W₀ are the
 * original weights of the units kept. A fit free to move anywhere tunes itself to the calibration tokens:
 * on MiniLM with 128 calibration texts, a ridge of 1e-3 toward zero left the 4-of-6-layer student at 0.853
 * held-out mean cosine; the prior toward W₀ gives 0.917 (a third of its weight 0.913, three times it 0.915;
 * the original weights with only the bias refitted 0.826). Columns are centred before the products, so the
 * bias is exact and the Gram matrix stays well conditioned; the solve is a Cholesky factorization in double.
 */
final class RidgeRegression {
    /**
     * λ as a number of tokens: the prior weighs as much as this many rows of X would, at X's mean centred
     * square per column. That is about 128 texts of the built-in corpus, where the prior did best weighed
     * the same as the data; with 512 and 1024 texts, a prior fixed at this size beat one that grew with them.
     */
    static final double PRIOR_TOKENS = 12_000;

    private RidgeRegression() {}

    /**
     * @param prior W₀, [xCols, yCols]
     * @return the fitted weights [xCols, yCols] and bias [yCols]
     */
    static LayerProduct.Weights fit(
            float[] x, int rows, int xCols, float[] y, int yCols, Tensor prior, ComputePool pool) {
        double[] xMean = centre(x, rows, xCols);
        double[] yMean = centre(y, rows, yCols);
        Products products = new Products(x, rows, xCols);
        float[] cross = products.transposedTimes(y, yCols, pool);
        double[] rightSide = new double[cross.length];
        for (int i = 0; i < cross.length; i++) {
            rightSide[i] = cross[i];
        }
        return solve(products.gram(pool), rows, xCols, rightSide, xMean, yMean, prior, pool);
    }

    /**
     * The input of products whose earlier layers were pruned, beside the original model's input for the same
     * tokens. A product that reads it is refitted to what the original product made of the original input,
     * X₀·W₀ + b₀, which needs only Xᵀ·X and Xᵀ·X₀, shared by every product that reads it.
     */
    static final class DriftedInput {
        private final int rows;
        private final int cols;
        private final double[] xMean;
        private final double[] originalMean;
        private final float[] gram;
        private final float[] drift;

        /**
         * @param x the pruned model's input [rows, cols], centred in place
         * @param originalX the original model's input [rows, cols], centred in place
         */
        DriftedInput(float[] x, float[] originalX, int rows, int cols, ComputePool pool) {
            this.rows = rows;
            this.cols = cols;
            this.xMean = centre(x, rows, cols);
            this.originalMean = centre(originalX, rows, cols);
            Products products = new Products(x, rows, cols);
            this.gram = products.gram(pool);
            this.drift = products.transposedTimes(originalX, cols, pool);
        }

        /** @param original W₀ [cols, out] and b₀ [out] */
        LayerProduct.Weights refit(LayerProduct.Weights original, ComputePool pool) {
            int yCols = Math.toIntExact(original.weights().dim(1));
            float[] w0 = original.weights().toFloatArray();
            float[] b0 = original.bias().toFloatArray();
            double[] rightSide = new double[cols * yCols];
            double[] yMean = new double[yCols];
            for (int j = 0; j < yCols; j++) {
                yMean[j] = b0[j];
            }
            for (int k = 0; k < cols; k++) {
                for (int j = 0; j < yCols; j++) {
                    yMean[j] += originalMean[k] * w0[k * yCols + j];
                }
                for (int i = 0; i < cols; i++) {
                    double d = drift[i * cols + k];
                    for (int j = 0; j < yCols; j++) {
                        rightSide[i * yCols + j] += d * w0[k * yCols + j];
                    }
                }
            }
            return solve(gram, rows, cols, rightSide, xMean, yMean, original.weights(), pool);
        }
    }

    /** Solves (XᵀX + λI)·W = XᵀY + λW₀ for centred X and Y, then the bias from the means. */
    private static LayerProduct.Weights solve(
            float[] gram,
            int rows,
            int xCols,
            double[] rightSide,
            double[] xMean,
            double[] yMean,
            Tensor prior,
            ComputePool pool) {
        int yCols = yMean.length;
        double[] a = new double[xCols * xCols];
        double trace = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = gram[i];
        }
        for (int i = 0; i < xCols; i++) {
            trace += a[i * xCols + i];
        }
        double ridge = Math.max(PRIOR_TOKENS * trace / rows / xCols, 1e-12);
        for (int i = 0; i < xCols; i++) {
            a[i * xCols + i] += ridge;
        }
        float[] original = prior.toFloatArray();
        double[] w = rightSide;
        for (int i = 0; i < w.length; i++) {
            w[i] += ridge * original[i];
        }
        Cholesky.solveInPlace(a, xCols, w, yCols, pool);
        float[] weights = new float[w.length];
        float[] bias = new float[yCols];
        for (int j = 0; j < yCols; j++) {
            double b = yMean[j];
            for (int i = 0; i < xCols; i++) {
                b -= xMean[i] * w[i * yCols + j];
            }
            bias[j] = (float) b;
        }
        for (int i = 0; i < w.length; i++) {
            weights[i] = (float) w[i];
        }
        return new LayerProduct.Weights(Tensor.ofFloats(weights, xCols, yCols), Tensor.ofFloats(bias, yCols));
    }

    /** Subtracts each column's mean in place and returns the means. */
    private static double[] centre(float[] m, int rows, int cols) {
        double[] mean = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                mean[c] += m[r * cols + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r * cols + c] -= (float) mean[c];
            }
        }
        return mean;
    }
}
