package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The numpy matmul geometry of {@code A x B}: a 1-D A is a row vector and a 1-D B a column vector (the
 * added axis is dropped from the result), leading axes are batch axes broadcast against each other.
 * {@code aIndex[b]}/{@code bIndex[b]} say which matrix of A and of B output batch {@code b} multiplies.
 */
record MatMulShape(int m, int k, int n, int[] aIndex, int[] bIndex, long[] outShape) {
    /** Below this many multiply-adds a product runs on the calling thread only. */
    private static final long PARALLEL_THRESHOLD = 1 << 16;

    static MatMulShape of(long[] a, long[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new EspalierException(
                    "MatMul needs inputs of rank >= 1, got " + Arrays.toString(a) + " and " + Arrays.toString(b));
        }
        long[] a2 = a.length == 1 ? new long[] {1, a[0]} : a;
        long[] b2 = b.length == 1 ? new long[] {b[0], 1} : b;
        int m = (int) a2[a2.length - 2];
        int k = (int) a2[a2.length - 1];
        int n = (int) b2[b2.length - 1];
        if (b2[b2.length - 2] != k) {
            throw new EspalierException(
                    "MatMul inner dimensions differ: " + Arrays.toString(a) + " x " + Arrays.toString(b));
        }
        long[] batchA = Arrays.copyOf(a2, a2.length - 2);
        long[] batchB = Arrays.copyOf(b2, b2.length - 2);
        long[] batch = Broadcast.shape(batchA, batchB);
        long[] out = Arrays.copyOf(batch, batch.length + (a.length > 1 ? 1 : 0) + (b.length > 1 ? 1 : 0));
        if (a.length > 1) {
            out[batch.length] = m;
        }
        if (b.length > 1) {
            out[out.length - 1] = n;
        }
        return new MatMulShape(m, k, n, Broadcast.indexMap(batchA, batch), Broadcast.indexMap(batchB, batch), out);
    }

    int batches() {
        return aIndex.length;
    }

    /** Where output row {@code row}'s row of A starts in A's elements (A is [batches, m, k], broadcast). */
    int aRowStart(int row) {
        return (aIndex[row / m] * m + row % m) * k;
    }

    /** Where the B matrix for output row {@code row} starts in B's elements (B is [batches, k, n], broadcast). */
    int bMatrixStart(int row) {
        return bIndex[row / m] * k * n;
    }

    /** Runs {@code row} for every (batch, row) index in {@code [0, batches * m)}, in parallel for big products. */
    void forEachRow(ExecutionContext context, IntConsumer row) {
        int rows = batches() * m;
        if (context != null && (long) rows * k * n >= PARALLEL_THRESHOLD) {
            context.pool().parallelFor(rows, row);
        } else {
            for (int r = 0; r < rows; r++) {
                row.accept(r);
            }
        }
    }
}
