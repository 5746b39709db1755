package io.github.espalier.runtime.exec.fused;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.linalg.Gemm;
import io.github.espalier.runtime.exec.linalg.GemmTiles;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;
import io.github.espalier.runtime.exec.linalg.VectorOps;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * {@code espalier.MatMulBias(x [..., K], w, bias? [N]; activation = "none" | "gelu", packed, k, n)}:
 * {@code act(x · W + bias)} with output [..., N]. With {@code packed = 1}, w holds W in
 * {@link PackedMatrix} layout (shape [panels, K, PANEL]) and {@code k}, {@code n} give W's shape;
 * otherwise w is the row-major [K, N] matrix and is packed on first use.
 */
final class MatMulBiasKernel implements Kernel {
    static final String OP = "espalier.MatMulBias";

    private final boolean gelu;
    private final boolean packed;
    private final Gemm gemm;
    private final VectorOps ops;
    private volatile CachedWeights cache;

    MatMulBiasKernel(Attributes attributes, Gemm gemm, VectorOps ops) {
        this.ops = ops;
        String activation = attributes.getString("activation", "none");
        if (!activation.equals("none") && !activation.equals("gelu")) {
            throw new EspalierException(OP + ": unknown activation '" + activation + "'; expected none or gelu");
        }
        this.gelu = activation.equals("gelu");
        this.packed = attributes.getLong("packed", 0) == 1;
        this.gemm = gemm;
        if (packed && (!attributes.has("k") || !attributes.has("n"))) {
            throw new EspalierException(OP + ": packed weights need the k and n attributes");
        }
        this.cache = packed ? new CachedWeights(null, null, attributes.getLong("k"), attributes.getLong("n")) : null;
    }

    MatMulBiasKernel(Attributes attributes) {
        this(attributes, Gemms.preferred(), Gemms.preferredOps());
    }

    @Override
    public Tensor[] execute(Tensor[] inputs, ExecutionContext context) {
        Tensor x = inputs[0];
        PackedMatrix w = weights(inputs[1]);
        int k = w.k();
        int n = w.n();
        if (x.rank() < 1 || x.dim(-1) != k) {
            throw new EspalierException(
                    OP + ": x of shape " + Arrays.toString(x.shape()) + " does not end in the weights' K = " + k);
        }
        float[] a = FloatData.read(x, OP, "x");
        float[] bias = inputs.length > 2 && inputs[2] != null ? FloatData.read(inputs[2], OP, "bias") : null;
        if (bias != null && bias.length != n) {
            throw new EspalierException(OP + ": bias has " + bias.length + " elements, expected N = " + n);
        }
        long[] outShape = x.shape();
        outShape[outShape.length - 1] = n;
        Tensor result = context.arena().output(DType.FLOAT, outShape);
        float[] c = result.heapFloats();
        int m = FloatData.rows(x, k);
        GemmTiles.forEach(context.pool(), m, w.panelCount(), (rowStart, rowEnd, panelStart, panelEnd) -> {
            gemm.multiply(a, w, bias, c, rowStart, rowEnd, panelStart, panelEnd);
            if (gelu) {
                int colStart = panelStart * PackedMatrix.PANEL;
                int colEnd = Math.min(n, panelEnd * PackedMatrix.PANEL);
                for (int i = rowStart; i < rowEnd; i++) {
                    ops.gelu(c, i * n + colStart, colEnd - colStart);
                }
            }
        });
        return new Tensor[] {result};
    }

    /** The packed weights; constants are the same tensor on every run, so they are prepared once. */
    private PackedMatrix weights(Tensor w) {
        CachedWeights current = cache;
        if (current != null && current.source == w) {
            return current.matrix;
        }
        PackedMatrix matrix;
        if (packed) {
            int k = Math.toIntExact(current.k);
            int n = Math.toIntExact(current.n);
            matrix = new PackedMatrix(FloatData.read(w, OP, "w"), k, n);
        } else {
            if (w.rank() != 2) {
                throw new EspalierException(OP + ": unpacked w must be [K, N]; got " + Arrays.toString(w.shape()));
            }
            matrix =
                    PackedMatrix.pack(FloatData.read(w, OP, "w"), Math.toIntExact(w.dim(0)), Math.toIntExact(w.dim(1)));
        }
        cache = new CachedWeights(w, matrix, matrix.k(), matrix.n());
        return matrix;
    }

    private record CachedWeights(Tensor source, PackedMatrix matrix, long k, long n) {}
}
