package io.github.espalier.runtime.exec.linalg;

import io.github.espalier.runtime.EspalierException;

/**
 * A right-hand GEMM operand B [K, N] in the panel layout the micro-kernels read: N is cut into panels
 * of {@link #PANEL} columns (the last one zero-padded), and each panel is stored K-major, so one step
 * of k reads {@code PANEL} contiguous floats. The layout is defined here only; the compiler's
 * PrepackWeights pass and the kernels both call {@link #pack}.
 *
 * <p>32 columns = two AVX-512 vectors, four AVX2 vectors or eight SSE vectors per step of k.
 */
public record PackedMatrix(float[] data, int k, int n) {
    public static final int PANEL = 32;

    public PackedMatrix {
        if (data.length != packedLength(k, n)) {
            throw new EspalierException("Packed matrix of " + k + "x" + n + " needs " + packedLength(k, n)
                    + " floats but has " + data.length + "; repack the weights with this runtime's version");
        }
    }

    /** Packs a row-major [k, n] matrix. */
    public static PackedMatrix pack(float[] rowMajor, int k, int n) {
        if (rowMajor.length != (long) k * n) {
            throw new EspalierException("Matrix to pack has " + rowMajor.length + " floats but its shape " + k + "x" + n
                    + " needs " + (long) k * n);
        }
        float[] packed = new float[packedLength(k, n)];
        for (int p = 0; p < panelCount(n); p++) {
            int col0 = p * PANEL;
            int width = Math.min(PANEL, n - col0);
            for (int kk = 0; kk < k; kk++) {
                System.arraycopy(rowMajor, kk * n + col0, packed, (p * k + kk) * PANEL, width);
            }
        }
        return new PackedMatrix(packed, k, n);
    }

    public static int panelCount(int n) {
        return (n + PANEL - 1) / PANEL;
    }

    public static int packedLength(int k, int n) {
        return Math.multiplyExact(Math.multiplyExact(panelCount(n), k), PANEL);
    }

    public int panelCount() {
        return panelCount(n);
    }

    /** Index of element (kk, column 0 of panel p) in {@link #data}. */
    int panelOffset(int panel) {
        return panel * k * PANEL;
    }
}
