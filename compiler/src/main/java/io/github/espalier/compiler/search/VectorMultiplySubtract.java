package io.github.espalier.compiler.search;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MultiplySubtract} in blocks of 4 rows by 2 vectors of columns, whose 8 sums stay in registers over the
 * whole depth: per step 4 broadcasts and 2 loads feed 8 fused multiply-adds. Edges go to the scalar kernel.
 * Created only where {@code VectorSupport.vectorKernelsPay()}, so FMA is in hardware.
 */
final class VectorMultiplySubtract implements MultiplySubtract {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int ROWS = 4;
    private static final int COLUMNS = 2 * LANES;

    private final MultiplySubtract edges = new MultiplySubtract.Scalar();

    @Override
    public void apply(
            double[] a,
            int aOffset,
            int lda,
            double[] b,
            int bOffset,
            int ldb,
            double[] c,
            int cOffset,
            int ldc,
            int rows,
            int depth,
            int cols) {
        int blockRows = rows - rows % ROWS;
        int blockCols = cols - cols % COLUMNS;
        for (int i = 0; i < blockRows; i += ROWS) {
            for (int j = 0; j < blockCols; j += COLUMNS) {
                block(a, aOffset + i * lda, lda, b, bOffset + j, ldb, c, cOffset + i * ldc + j, ldc, depth);
            }
        }
        if (blockCols < cols) {
            edges.apply(
                    a,
                    aOffset,
                    lda,
                    b,
                    bOffset + blockCols,
                    ldb,
                    c,
                    cOffset + blockCols,
                    ldc,
                    blockRows,
                    depth,
                    cols - blockCols);
        }
        if (blockRows < rows) {
            edges.apply(
                    a,
                    aOffset + blockRows * lda,
                    lda,
                    b,
                    bOffset,
                    ldb,
                    c,
                    cOffset + blockRows * ldc,
                    ldc,
                    rows - blockRows,
                    depth,
                    cols);
        }
    }

    private static void block(
            double[] a, int aRow, int lda, double[] b, int bColumn, int ldb, double[] c, int cRow, int ldc, int depth) {
        DoubleVector s00 = DoubleVector.zero(SPECIES);
        DoubleVector s01 = s00;
        DoubleVector s10 = s00;
        DoubleVector s11 = s00;
        DoubleVector s20 = s00;
        DoubleVector s21 = s00;
        DoubleVector s30 = s00;
        DoubleVector s31 = s00;
        for (int k = 0; k < depth; k++) {
            int bAt = bColumn + k * ldb;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bAt);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bAt + LANES);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[aRow + k]);
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[aRow + lda + k]);
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[aRow + 2 * lda + k]);
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, a[aRow + 3 * lda + k]);
            s00 = a0.fma(b0, s00);
            s01 = a0.fma(b1, s01);
            s10 = a1.fma(b0, s10);
            s11 = a1.fma(b1, s11);
            s20 = a2.fma(b0, s20);
            s21 = a2.fma(b1, s21);
            s30 = a3.fma(b0, s30);
            s31 = a3.fma(b1, s31);
        }
        subtract(c, cRow, s00, s01);
        subtract(c, cRow + ldc, s10, s11);
        subtract(c, cRow + 2 * ldc, s20, s21);
        subtract(c, cRow + 3 * ldc, s30, s31);
    }

    private static void subtract(double[] c, int at, DoubleVector first, DoubleVector second) {
        DoubleVector.fromArray(SPECIES, c, at).sub(first).intoArray(c, at);
        DoubleVector.fromArray(SPECIES, c, at + LANES).sub(second).intoArray(c, at + LANES);
    }
}
