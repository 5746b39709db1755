package io.github.espalier.compiler.search;

import io.github.espalier.runtime.tensor.Tensor;
import java.util.stream.IntStream;

/** Index arithmetic for structured pruning: which columns or rows of a matrix a set of units owns. */
final class Indices {
    private Indices() {}

    static int[] range(int count) {
        return IntStream.range(0, count).toArray();
    }

    /** The columns of the given heads, each head owning {@code headSize} consecutive ones. */
    static int[] headColumns(int[] heads, int headSize) {
        return IntStream.of(heads)
                .flatMap(head -> IntStream.range(head * headSize, (head + 1) * headSize))
                .toArray();
    }

    /** The given columns of a row-major [rows, cols] matrix. */
    static Tensor columns(Tensor matrix, int[] kept) {
        int rows = Math.toIntExact(matrix.dim(0));
        int cols = Math.toIntExact(matrix.dim(1));
        float[] source = matrix.toFloatArray();
        float[] result = new float[rows * kept.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < kept.length; c++) {
                result[r * kept.length + c] = source[r * cols + kept[c]];
            }
        }
        return Tensor.ofFloats(result, rows, kept.length);
    }

    /** The given rows of a row-major [rows, cols] matrix. */
    static Tensor rows(Tensor matrix, int[] kept) {
        int cols = Math.toIntExact(matrix.dim(1));
        float[] source = matrix.toFloatArray();
        float[] result = new float[kept.length * cols];
        for (int r = 0; r < kept.length; r++) {
            System.arraycopy(source, kept[r] * cols, result, r * cols, cols);
        }
        return Tensor.ofFloats(result, kept.length, cols);
    }

    /** The given entries of a vector. */
    static Tensor entries(Tensor vector, int[] kept) {
        float[] source = vector.toFloatArray();
        float[] result = new float[kept.length];
        for (int i = 0; i < kept.length; i++) {
            result[i] = source[kept[i]];
        }
        return Tensor.ofFloats(result, kept.length);
    }
}
