package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Moves tensor elements into and out of primitive arrays. Kernels compute in two domains: {@code float[]}
 * for FLOAT and {@code long[]} for every integer type (INT64, INT32, INT8, UINT8 as unsigned, BOOL as 0/1),
 * narrowed back to the element type on the way out.
 */
final class TensorData {
    private TensorData() {}

    /** The elements of a FLOAT tensor; the backing array itself for heap tensors (read only!). */
    static float[] floats(Tensor tensor) {
        requireType(tensor, DType.FLOAT);
        float[] heap = tensor.heapFloats();
        return heap != null ? heap : tensor.toFloatArray();
    }

    static boolean isIntegral(DType dtype) {
        return dtype != DType.FLOAT && dtype != DType.DOUBLE;
    }

    /** The elements of an integer or boolean tensor, widened to long. */
    static long[] longs(Tensor tensor) {
        MemorySegment data = tensor.data();
        int n = count(tensor);
        long[] values = new long[n];
        switch (tensor.dtype()) {
            case INT64 -> MemorySegment.copy(data, ValueLayout.JAVA_LONG, 0, values, 0, n);
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    values[i] = data.getAtIndex(ValueLayout.JAVA_INT, i);
                }
            }
            case INT8, BOOL -> {
                for (int i = 0; i < n; i++) {
                    values[i] = data.get(ValueLayout.JAVA_BYTE, i);
                }
            }
            case UINT8 -> {
                for (int i = 0; i < n; i++) {
                    values[i] = Byte.toUnsignedLong(data.get(ValueLayout.JAVA_BYTE, i));
                }
            }
            case FLOAT, DOUBLE -> throw new EspalierException("Expected an integer tensor but got " + tensor);
        }
        return values;
    }

    /** The elements of a FLOAT or DOUBLE tensor, widened to double. */
    static double[] doubles(Tensor tensor) {
        int n = count(tensor);
        return switch (tensor.dtype()) {
            case DOUBLE -> tensor.data().toArray(ValueLayout.JAVA_DOUBLE);
            case FLOAT -> {
                float[] floats = floats(tensor);
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = floats[i];
                }
                yield values;
            }
            default -> throw new EspalierException("Expected a FLOAT or DOUBLE tensor but got " + tensor);
        };
    }

    /** A tensor of an integer or boolean type holding {@code values} narrowed to it (BOOL: non-zero is true). */
    static Tensor fromLongs(DType dtype, long[] values, long[] shape) {
        return switch (dtype) {
            case INT64 -> Tensor.ofLongs(values, shape);
            case INT32 -> {
                int[] ints = new int[values.length];
                for (int i = 0; i < values.length; i++) {
                    ints[i] = (int) values[i];
                }
                yield Tensor.ofInts(ints, shape);
            }
            case INT8, UINT8 -> {
                byte[] bytes = new byte[values.length];
                for (int i = 0; i < values.length; i++) {
                    bytes[i] = (byte) values[i];
                }
                yield Tensor.ofBytes(dtype, bytes, shape);
            }
            case BOOL -> {
                byte[] bytes = new byte[values.length];
                for (int i = 0; i < values.length; i++) {
                    bytes[i] = (byte) (values[i] != 0 ? 1 : 0);
                }
                yield Tensor.ofBytes(dtype, bytes, shape);
            }
            case FLOAT -> {
                float[] floats = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    floats[i] = values[i];
                }
                yield Tensor.ofFloats(floats, shape);
            }
            case DOUBLE -> {
                double[] doubles = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    doubles[i] = values[i];
                }
                yield Tensor.wrap(DType.DOUBLE, shape, MemorySegment.ofArray(doubles));
            }
        };
    }

    /** A tensor holding {@code values} converted to {@code dtype}: integers truncate toward zero, BOOL is x != 0. */
    static Tensor fromDoubles(DType dtype, double[] values, long[] shape) {
        return switch (dtype) {
            case DOUBLE -> Tensor.wrap(DType.DOUBLE, shape, MemorySegment.ofArray(values.clone()));
            case FLOAT -> {
                float[] floats = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    floats[i] = (float) values[i];
                }
                yield Tensor.ofFloats(floats, shape);
            }
            case BOOL -> {
                byte[] bytes = new byte[values.length];
                for (int i = 0; i < values.length; i++) {
                    bytes[i] = (byte) (values[i] != 0 ? 1 : 0);
                }
                yield Tensor.ofBytes(dtype, bytes, shape);
            }
            default -> {
                long[] longs = new long[values.length];
                for (int i = 0; i < values.length; i++) {
                    longs[i] = (long) values[i];
                }
                yield fromLongs(dtype, longs, shape);
            }
        };
    }

    /**
     * The values of an integer tensor such as a shape, axes or indices input. Any rank is taken, flattened:
     * exported models pass such lists as [1, 1] tensors too, and ONNX Runtime accepts them.
     */
    static long[] ints(Tensor tensor, String what) {
        if (!isIntegral(tensor.dtype())) {
            throw new EspalierException(what + " must be an integer tensor, got " + tensor);
        }
        return longs(tensor);
    }

    /** Resolves a possibly negative axis against a rank, as ONNX does. */
    static int axis(long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw new EspalierException("Axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    static int count(Tensor tensor) {
        return Math.toIntExact(tensor.elementCount());
    }

    static long product(long[] shape, int from, int to) {
        long product = 1;
        for (int i = from; i < to; i++) {
            product *= shape[i];
        }
        return product;
    }

    static void requireType(Tensor tensor, DType expected) {
        if (tensor.dtype() != expected) {
            throw new EspalierException("Expected a " + expected + " tensor but got " + tensor);
        }
    }

    static String shapeText(long[] shape) {
        return Arrays.toString(shape);
    }
}
