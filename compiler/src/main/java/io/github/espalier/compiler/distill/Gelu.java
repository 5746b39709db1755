package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.VectorOps;

/**
 * The exact (erf) GELU of the runtime, {@code x·Φ(x)}, and its derivative {@code Φ(x) + x·φ(x)}. The
 * derivative reuses the runtime's vector loops: Φ(x) is {@code GELU(x) / x} (0.5 at 0) and φ(x) comes from
 * the vector exp, so training sees the same GELU as inference.
 */
final class Gelu {
    private static final VectorOps OPS = Gemms.preferredOps();
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
    /** Elements per step of the backward pass: its two scratch arrays stay in L1. */
    private static final int BLOCK = 1024;

    private Gelu() {}

    static float[] forward(float[] x) {
        float[] y = x.clone();
        OPS.gelu(y, 0, y.length);
        return y;
    }

    /** dx = dy · (Φ(x) + x·φ(x)). */
    static float[] backward(float[] x, float[] dy) {
        if (dy.length != x.length) {
            throw new IllegalArgumentException("GELU: dy has " + dy.length + " elements, x " + x.length);
        }
        float[] dx = new float[x.length];
        float[] gelu = new float[BLOCK];
        float[] density = new float[BLOCK];
        for (int start = 0; start < x.length; start += BLOCK) {
            int length = Math.min(BLOCK, x.length - start);
            System.arraycopy(x, start, gelu, 0, length);
            OPS.gelu(gelu, 0, length);
            for (int i = 0; i < length; i++) {
                float xi = x[start + i];
                density[i] = -0.5f * xi * xi;
            }
            OPS.expShifted(density, 0, length, 0f);
            for (int i = 0; i < length; i++) {
                float xi = x[start + i];
                float cdf = xi == 0 ? 0.5f : gelu[i] / xi;
                dx[start + i] = dy[start + i] * (cdf + xi * density[i] * INV_SQRT_2PI);
            }
        }
        return dx;
    }
}
