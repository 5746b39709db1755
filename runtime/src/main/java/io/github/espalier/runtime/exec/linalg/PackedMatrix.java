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
        packRows(rowMajor, 0, n, k, n, packed);
        return new PackedMatrix(packed, k, n);
    }

    /**
     * Writes B [k, n] into {@code packed} (of {@link #packedLength}), where row kk of B is
     * {@code source[offset + kk·stride ...]}. Padding columns are not written: zero in a new array.
     */
    public static void packRows(float[] source, int offset, int stride, int k, int n, float[] packed) {
        packRows(source, offset, stride, k, n, packed, 0, panelCount(n));
    }

    /** Panels {@code [fromPanel, toPanel)} of {@link #packRows}: disjoint ranges may be packed concurrently. */
    public static void packRows(
            float[] source, int offset, int stride, int k, int n, float[] packed, int fromPanel, int toPanel) {
        for (int p = fromPanel; p < toPanel; p++) {
            int col0 = p * PANEL;
            int width = Math.min(PANEL, n - col0);
            for (int kk = 0; kk < k; kk++) {
                System.arraycopy(source, offset + kk * stride + col0, packed, (p * k + kk) * PANEL, width);
            }
        }
    }

    /**
     * Writes B [k, n] into {@code packed} (of {@link #packedLength}) from its transpose: column j of B is
     * {@code source[offset + j·stride ...]}. Padding columns are not written: zero in a new array.
     */
    public static void packColumns(float[] source, int offset, int stride, int k, int n, float[] packed) {
        packColumns(source, offset, stride, k, n, packed, 0, panelCount(n));
    }

    /** Panels {@code [fromPanel, toPanel)} of {@link #packColumns}: disjoint ranges may be packed concurrently. */
    public static void packColumns(
            float[] source, int offset, int stride, int k, int n, float[] packed, int fromPanel, int toPanel) {
        for (int j = fromPanel * PANEL; j < Math.min(n, toPanel * PANEL); j++) {
            int column = offset + j * stride;
            int target = (j / PANEL) * k * PANEL + j % PANEL;
            for (int kk = 0; kk < k; kk++) {
                packed[target + kk * PANEL] = source[column + kk];
            }
        }
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
