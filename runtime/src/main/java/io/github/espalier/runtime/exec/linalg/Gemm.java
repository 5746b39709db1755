package io.github.espalier.runtime.exec.linalg;

/**
 * C = A · B for a row-major A [M, K] and a packed B [K, N], on one tile of C so callers can split the
 * work over threads and apply an epilogue while the tile is in cache.
 */
public interface Gemm {
    /**
     * Writes C rows {@code [rowStart, rowEnd)}, columns of panels {@code [panelStart, panelEnd)} (columns
     * at or past N are not written). A has row stride K, C has row stride N.
     */
    default void multiply(
            float[] a, PackedMatrix b, float[] c, int rowStart, int rowEnd, int panelStart, int panelEnd) {
        multiply(a, b, null, c, rowStart, rowEnd, panelStart, panelEnd);
    }

    /**
     * As {@link #multiply(float[], PackedMatrix, float[], int, int, int, int)}, then adds {@code bias[j]} (one
     * value per column of C, or null for none) to each element as it is stored: the same sums as a separate
     * pass over C, without the pass.
     */
    void multiply(
            float[] a, PackedMatrix b, float[] bias, float[] c, int rowStart, int rowEnd, int panelStart, int panelEnd);

    /** A short name for logs and model info. */
    String describe();
}
