package io.github.espalier.runtime.artifact;

import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Copies tensor elements between native order (in memory) and little-endian (in the file). */
final class TensorBytes {
    private TensorBytes() {}

    /** Copies {@code count} elements starting at element {@code first} of {@code tensor} to {@code target}. */
    static void toLittleEndian(Tensor tensor, long first, long count, MemorySegment target) {
        ValueLayout layout = layout(tensor.dtype());
        MemorySegment.copy(
                tensor.data(),
                layout,
                first * layout.byteSize(),
                target,
                layout.withOrder(ByteOrder.LITTLE_ENDIAN),
                0,
                count);
    }

    /** A heap tensor holding a copy of little-endian {@code bytes}. */
    static Tensor fromLittleEndian(DType dtype, long[] shape, MemorySegment bytes) {
        Tensor tensor = Tensor.allocate(dtype, shape);
        ValueLayout layout = layout(dtype);
        MemorySegment.copy(
                bytes, layout.withOrder(ByteOrder.LITTLE_ENDIAN), 0, tensor.data(), layout, 0, tensor.elementCount());
        return tensor;
    }

    static long byteSize(Tensor tensor) {
        return tensor.elementCount() * tensor.dtype().byteSize();
    }

    /** Elements are moved as raw bits of their width: the same for floats and integers. */
    private static ValueLayout layout(DType dtype) {
        return switch (dtype.byteSize()) {
            case 1 -> ValueLayout.JAVA_BYTE;
            case 4 -> ValueLayout.JAVA_INT_UNALIGNED;
            case 8 -> ValueLayout.JAVA_LONG_UNALIGNED;
            default -> throw new IllegalStateException("no layout for " + dtype);
        };
    }
}
