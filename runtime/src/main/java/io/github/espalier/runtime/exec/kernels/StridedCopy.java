package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Gathers a strided view of a tensor into a new contiguous tensor of any element type: output element
 * {@code (i0, ..., in)} comes from source element {@code base + sum(i_d * strides[d])}. Slice, Transpose and
 * Expand are all such views (step-scaled, permuted and zero strides). Runs of the innermost axis are copied
 * as blocks when they are contiguous in the source.
 */
final class StridedCopy {
    private StridedCopy() {}

    static Tensor copy(Tensor source, long base, long[] strides, long[] shape) {
        Tensor out = Tensor.allocate(source.dtype(), shape);
        int rank = shape.length;
        if (out.elementCount() == 0) {
            return out;
        }
        long size = source.dtype().byteSize();
        MemorySegment from = source.data();
        MemorySegment to = out.data();
        long rowLength = rank == 0 ? 1 : shape[rank - 1];
        long rowStride = rank == 0 ? 1 : strides[rank - 1];
        long rows = out.elementCount() / rowLength;
        long[] position = new long[rank];
        long offset = base;
        long target = 0;
        for (long r = 0; r < rows; r++) {
            if (rowStride == 1) {
                MemorySegment.copy(from, offset * size, to, target * size, rowLength * size);
            } else {
                copyElements(from, offset, rowStride, to, target, rowLength, (int) size);
            }
            target += rowLength;
            for (int d = rank - 2; d >= 0; d--) {
                offset += strides[d];
                if (++position[d] < shape[d]) {
                    break;
                }
                offset -= strides[d] * position[d];
                position[d] = 0;
            }
        }
        return out;
    }

    private static void copyElements(
            MemorySegment from, long offset, long stride, MemorySegment to, long target, long count, int size) {
        switch (size) {
            case 1 -> {
                for (long k = 0; k < count; k++) {
                    to.set(ValueLayout.JAVA_BYTE, target + k, from.get(ValueLayout.JAVA_BYTE, offset + k * stride));
                }
            }
            case 4 -> {
                for (long k = 0; k < count; k++) {
                    to.setAtIndex(
                            ValueLayout.JAVA_INT,
                            target + k,
                            from.getAtIndex(ValueLayout.JAVA_INT, offset + k * stride));
                }
            }
            default -> {
                for (long k = 0; k < count; k++) {
                    to.setAtIndex(
                            ValueLayout.JAVA_LONG,
                            target + k,
                            from.getAtIndex(ValueLayout.JAVA_LONG, offset + k * stride));
                }
            }
        }
    }

    /** Row-major strides, in elements, of a shape. */
    static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
    }
}
