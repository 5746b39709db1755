package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.VectorOps;

/**
 * The exact (erf) GELU of the runtime, {@code x·Φ(x)}, and its derivative {@code Φ(x) + x·φ(x)}. The
 * derivative reuses the forward pass's output and the runtime's vector loops: Φ(x) is {@code GELU(x) / x}
 * (0.5 at 0) and φ(x) comes from the vector exp, so training sees the same GELU as inference. Blocks of
 * elements are tasks on the pool: every element is computed alone, so the result does not depend on the
 * thread count.
 */
final class Gelu {
    private static final VectorOps OPS = Gemms.preferredOps();
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
    /** Elements per task: the backward pass's scratch array stays in L1. */
    private static final int BLOCK = 1024;

    private final ComputePool pool;

    Gelu(ComputePool pool) {
        this.pool = pool;
    }

    float[] forward(float[] x) {
        float[] y = x.clone();
        pool.parallelFor(Math.ceilDiv(y.length, BLOCK), block -> {
            int start = block * BLOCK;
            OPS.gelu(y, start, Math.min(BLOCK, y.length - start));
        });
        return y;
    }

    /** dx = dy · (Φ(x) + x·φ(x)), from x and the forward pass's GELU(x). */
    float[] backward(float[] x, float[] geluOfX, float[] dy) {
        if (dy.length != x.length || geluOfX.length != x.length) {
            throw new IllegalArgumentException(
                    "GELU: dy has " + dy.length + " elements, GELU(x) " + geluOfX.length + ", x " + x.length);
        }
        float[] dx = new float[x.length];
        pool.parallelFor(Math.ceilDiv(x.length, BLOCK), block -> {
            int start = block * BLOCK;
            int length = Math.min(BLOCK, x.length - start);
            float[] density = new float[length];
            for (int i = 0; i < length; i++) {
                float xi = x[start + i];
                density[i] = -0.5f * xi * xi;
            }
            OPS.expShifted(density, 0, length, 0f);
            for (int i = 0; i < length; i++) {
                float xi = x[start + i];
                float cdf = xi == 0 ? 0.5f : geluOfX[start + i] / xi;
                dx[start + i] = dy[start + i] * (cdf + xi * density[i] * INV_SQRT_2PI);
            }
        });
        return dx;
    }
}
