package io.github.espalier.runtime.exec.fused;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;

/** Float arrays of input tensors for the kernels' plain loops. */
final class FloatData {
    private FloatData() {}

    /** The backing array of a heap tensor, or a copy of a mapped one. Callers only read it. */
    static float[] read(Tensor tensor, String op, String role) {
        if (tensor == null) {
            throw new EspalierException(op + ": required input '" + role + "' is missing");
        }
        if (tensor.dtype() != DType.FLOAT) {
            throw new EspalierException(op + ": input '" + role + "' must be FLOAT but is " + tensor.dtype());
        }
        float[] heap = tensor.heapFloats();
        return heap != null ? heap : tensor.toFloatArray();
    }

    /** Rows of a tensor whose last axis has {@code width} elements. */
    static int rows(Tensor tensor, long width) {
        return width == 0 ? 0 : Math.toIntExact(tensor.elementCount() / width);
    }
}
