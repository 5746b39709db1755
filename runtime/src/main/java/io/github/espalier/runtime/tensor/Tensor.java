package io.github.espalier.runtime.tensor;

import io.github.espalier.runtime.EspalierException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A dense, row-major tensor: an element type, a shape and a memory segment holding the elements in
 * native byte order. Heap tensors are backed by a primitive array of the element type (so aligned
 * access works); constants of a loaded artifact are slices of its memory-mapped file.
 *
 * <p>Tensors are not copied on the way through the executor: a kernel must not write into its inputs.
 */
public final class Tensor {
    private final DType dtype;
    private final long[] shape;
    private final long elementCount;
    private final MemorySegment data;

    private Tensor(DType dtype, long[] shape, MemorySegment data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.elementCount = elementCount(this.shape);
        if (data.byteSize() != elementCount * dtype.byteSize()) {
            throw new EspalierException("Tensor data holds " + data.byteSize() + " bytes but shape "
                    + Arrays.toString(shape) + " of " + dtype + " needs " + elementCount * dtype.byteSize());
        }
        this.data = data;
    }

    /** Wraps existing memory (for example a slice of a mapped artifact) without copying it. */
    public static Tensor wrap(DType dtype, long[] shape, MemorySegment data) {
        return new Tensor(dtype, shape, data);
    }

    /** A zero-filled heap tensor backed by a primitive array of the element type. */
    public static Tensor allocate(DType dtype, long... shape) {
        long count = elementCount(shape);
        if (count > Integer.MAX_VALUE) {
            throw new EspalierException("Tensor of shape " + Arrays.toString(shape) + " has " + count
                    + " elements; at most " + Integer.MAX_VALUE + " are supported");
        }
        int n = (int) count;
        MemorySegment segment =
                switch (dtype) {
                    case FLOAT -> MemorySegment.ofArray(new float[n]);
                    case DOUBLE -> MemorySegment.ofArray(new double[n]);
                    case INT64 -> MemorySegment.ofArray(new long[n]);
                    case INT32 -> MemorySegment.ofArray(new int[n]);
                    case UINT8, INT8, BOOL -> MemorySegment.ofArray(new byte[n]);
                };
        return new Tensor(dtype, shape, segment);
    }

    public static Tensor ofFloats(float[] values, long... shape) {
        return new Tensor(DType.FLOAT, shape, MemorySegment.ofArray(values));
    }

    public static Tensor ofLongs(long[] values, long... shape) {
        return new Tensor(DType.INT64, shape, MemorySegment.ofArray(values));
    }

    public static Tensor ofInts(int[] values, long... shape) {
        return new Tensor(DType.INT32, shape, MemorySegment.ofArray(values));
    }

    public static Tensor ofBytes(DType dtype, byte[] values, long... shape) {
        if (dtype.byteSize() != 1) {
            throw new IllegalArgumentException(dtype + " is not a one-byte type");
        }
        return new Tensor(dtype, shape, MemorySegment.ofArray(values));
    }

    /** A tensor with the same data and a new shape of the same element count. */
    public Tensor reshape(long... newShape) {
        if (elementCount(newShape) != elementCount) {
            throw new EspalierException("Cannot reshape " + Arrays.toString(shape) + " (" + elementCount
                    + " elements) to " + Arrays.toString(newShape));
        }
        return new Tensor(dtype, newShape, data);
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The size of one axis; negative axes count from the end. */
    public long dim(int axis) {
        return shape[axis < 0 ? axis + shape.length : axis];
    }

    public long elementCount() {
        return elementCount;
    }

    public MemorySegment data() {
        return data;
    }

    public float getFloat(long index) {
        return data.getAtIndex(ValueLayout.JAVA_FLOAT, index);
    }

    public void setFloat(long index, float value) {
        data.setAtIndex(ValueLayout.JAVA_FLOAT, index, value);
    }

    public long getLong(long index) {
        return data.getAtIndex(ValueLayout.JAVA_LONG, index);
    }

    public void setLong(long index, long value) {
        data.setAtIndex(ValueLayout.JAVA_LONG, index, value);
    }

    public int getInt(long index) {
        return data.getAtIndex(ValueLayout.JAVA_INT, index);
    }

    public byte getByte(long index) {
        return data.get(ValueLayout.JAVA_BYTE, index);
    }

    public float[] toFloatArray() {
        requireType(DType.FLOAT);
        return data.toArray(ValueLayout.JAVA_FLOAT);
    }

    public long[] toLongArray() {
        requireType(DType.INT64);
        return data.toArray(ValueLayout.JAVA_LONG);
    }

    /** The primitive array behind a heap tensor, so kernels can loop over it directly; null otherwise. */
    public float[] heapFloats() {
        return data.heapBase().orElse(null) instanceof float[] array && array.length == elementCount ? array : null;
    }

    private void requireType(DType expected) {
        if (dtype != expected) {
            throw new EspalierException("Expected a " + expected + " tensor but got " + dtype);
        }
    }

    static long elementCount(long[] shape) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new EspalierException("Negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, d);
        }
        return count;
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
