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
    public void apply(Strided a, Strided b, Strided c, int rows, int depth, int cols) {
        int blockRows = rows - rows % ROWS;
        int blockCols = cols - cols % COLUMNS;
        for (int i = 0; i < blockRows; i += ROWS) {
            for (int j = 0; j < blockCols; j += COLUMNS) {
                block(a.at(i, 0), b.at(0, j), c.at(i, j), depth);
            }
        }
        if (blockCols < cols) {
            edges.apply(a, b.at(0, blockCols), c.at(0, blockCols), blockRows, depth, cols - blockCols);
        }
        if (blockRows < rows) {
            edges.apply(a.at(blockRows, 0), b, c.at(blockRows, 0), rows - blockRows, depth, cols);
        }
    }

    private static void block(Strided a, Strided b, Strided c, int depth) {
        double[] aData = a.data();
        double[] bData = b.data();
        int lda = a.stride();
        DoubleVector s00 = DoubleVector.zero(SPECIES);
        DoubleVector s01 = s00;
        DoubleVector s10 = s00;
        DoubleVector s11 = s00;
        DoubleVector s20 = s00;
        DoubleVector s21 = s00;
        DoubleVector s30 = s00;
        DoubleVector s31 = s00;
        for (int k = 0; k < depth; k++) {
            int bAt = b.offset() + k * b.stride();
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, bData, bAt);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, bData, bAt + LANES);
            int aAt = a.offset() + k;
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, aData[aAt]);
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, aData[aAt + lda]);
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, aData[aAt + 2 * lda]);
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, aData[aAt + 3 * lda]);
            s00 = a0.fma(b0, s00);
            s01 = a0.fma(b1, s01);
            s10 = a1.fma(b0, s10);
            s11 = a1.fma(b1, s11);
            s20 = a2.fma(b0, s20);
            s21 = a2.fma(b1, s21);
            s30 = a3.fma(b0, s30);
            s31 = a3.fma(b1, s31);
        }
        subtract(c.at(0, 0), s00, s01);
        subtract(c.at(1, 0), s10, s11);
        subtract(c.at(2, 0), s20, s21);
        subtract(c.at(3, 0), s30, s31);
    }

    private static void subtract(Strided row, DoubleVector first, DoubleVector second) {
        double[] data = row.data();
        int at = row.offset();
        DoubleVector.fromArray(SPECIES, data, at).sub(first).intoArray(data, at);
        DoubleVector.fromArray(SPECIES, data, at + LANES).sub(second).intoArray(data, at + LANES);
    }
}
