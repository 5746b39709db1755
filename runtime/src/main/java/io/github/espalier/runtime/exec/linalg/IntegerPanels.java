package io.github.espalier.runtime.exec.linalg;

import io.github.espalier.runtime.EspalierException;

/**
 * The right operand of an integer product, B [K, N] with its zero point already subtracted, held as float
 * {@link PackedMatrix} blocks of consecutive rows. Float sums of integers are exact while they stay within
 * 2^24, so a block has at most as many rows as keep {@code rows · 255 · max|B|} there: the left operand
 * (uint8 or int8 minus its zero point) never exceeds 255 in magnitude.
 */
public record IntegerPanels(PackedMatrix[] blocks, int k, int n) {
    static final int EXACT_FLOAT_LIMIT = 1 << 24;
    public static final int MAX_ABS_LEFT = 255;

    /** Packs a row-major [k, n] matrix of integers (as floats) whose magnitude is at most 255. */
    public static IntegerPanels pack(float[] rowMajor, int k, int n) {
        float maxAbs = 1;
        for (float value : rowMajor) {
            maxAbs = Math.max(maxAbs, Math.abs(value));
        }
        if (maxAbs > MAX_ABS_LEFT) {
            throw new EspalierException("Integer matrix values must lie in [-255, 255], found " + maxAbs);
        }
        int maxRows = (int) (EXACT_FLOAT_LIMIT / ((long) MAX_ABS_LEFT * (long) maxAbs));
        int blockCount = Math.max(1, (k + maxRows - 1) / maxRows);
        PackedMatrix[] blocks = new PackedMatrix[blockCount];
        for (int blockIndex = 0; blockIndex < blockCount; blockIndex++) {
            int from = blockStart(k, blockCount, blockIndex);
            int to = blockStart(k, blockCount, blockIndex + 1);
            float[] rows = new float[(to - from) * n];
            System.arraycopy(rowMajor, from * n, rows, 0, rows.length);
            blocks[blockIndex] = PackedMatrix.pack(rows, to - from, n);
        }
        return new IntegerPanels(blocks, k, n);
    }

    /** First row of block {@code index} of {@code count} even blocks of {@code k} rows. */
    private static int blockStart(int k, int count, int index) {
        return (int) ((long) k * index / count);
    }

    public int panelCount() {
        return PackedMatrix.panelCount(n);
    }
}
