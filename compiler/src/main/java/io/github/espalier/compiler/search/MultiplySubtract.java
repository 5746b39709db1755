package io.github.espalier.compiler.search;

import io.github.espalier.runtime.exec.linalg.VectorSupport;

/**
 * C −= A·B on row-major blocks of double arrays: the inner product of the blocked {@link Cholesky} solve, where
 * nearly all of its arithmetic lies. Vector API lanes where they pay, plain loops elsewhere.
 */
interface MultiplySubtract {
    /** A row-major matrix inside an array: the index of its first entry and the distance between its rows. */
    record Strided(double[] data, int offset, int stride) {
        /** The matrix that starts at {@code (row, column)} of this one. */
        Strided at(int row, int column) {
            return new Strided(data, offset + row * stride + column, stride);
        }
    }

    /** C[rows, cols] −= A[rows, depth] · B[depth, cols]; C must not overlap A or B. */
    void apply(Strided a, Strided b, Strided c, int rows, int depth, int cols);

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
        public void apply(Strided a, Strided b, Strided c, int rows, int depth, int cols) {
            double[] cData = c.data();
            double[] bData = b.data();
            for (int i = 0; i < rows; i++) {
                int cRow = c.offset() + i * c.stride();
                for (int k = 0; k < depth; k++) {
                    double factor = a.data()[a.offset() + i * a.stride() + k];
                    int bRow = b.offset() + k * b.stride();
                    for (int j = 0; j < cols; j++) {
                        cData[cRow + j] -= factor * bData[bRow + j];
                    }
                }
            }
        }
    }
}
