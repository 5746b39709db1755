package io.github.espalier.compiler.search;

import io.github.espalier.runtime.exec.linalg.VectorSupport;

/**
 * C −= A·B on row-major blocks of double arrays: the inner product of the blocked {@link Cholesky} solve, where
 * nearly all of its arithmetic lies. Vector API lanes where they pay, plain loops elsewhere.
 */
interface MultiplySubtract {
    /**
     * C[rows, cols] −= A[rows, depth] · B[depth, cols]; each matrix starts at its offset, its rows {@code ld*}
     * apart. C must not overlap A or B.
     */
    void apply(
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
            int cols);

    /** The Vector API kernel where {@link VectorSupport#vectorKernelsPay()} says so, else {@link Scalar}. */
    static MultiplySubtract best() {
        if (!VectorSupport.vectorKernelsPay()) {
            return new Scalar();
        }
        try {
            // By name, so that the class that uses jdk.incubator.vector is loaded only when the module is present.
            return Class.forName(MultiplySubtract.class.getPackageName() + ".VectorMultiplySubtract")
                    .asSubclass(MultiplySubtract.class)
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create the Vector API kernel VectorMultiplySubtract", e);
        }
    }

    /** Row by row, each of A's entries times a row of B: unit strides the JIT can keep in order. */
    final class Scalar implements MultiplySubtract {
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
            for (int i = 0; i < rows; i++) {
                int cRow = cOffset + i * ldc;
                for (int k = 0; k < depth; k++) {
                    double factor = a[aOffset + i * lda + k];
                    int bRow = bOffset + k * ldb;
                    for (int j = 0; j < cols; j++) {
                        c[cRow + j] -= factor * b[bRow + j];
                    }
                }
            }
        }
    }
}
