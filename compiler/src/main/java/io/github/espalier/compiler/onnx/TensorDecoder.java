package io.github.espalier.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import io.github.espalier.compiler.CompilationException;
import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.artifact.ArtifactWriter;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns an ONNX {@code TensorProto} into a heap {@link Tensor}: raw little-endian bytes, the typed
 * repeated fields, or external data. The declared shape is checked against the data before anything
 * is allocated, so a corrupt file fails with a message instead of an out-of-memory error.
 */
final class TensorDecoder {
    private final ExternalData externalData;

    TensorDecoder(Path modelFolder) {
        this.externalData = new ExternalData(modelFolder);
    }

    Tensor decode(OnnxMl.TensorProto proto) {
        String what = "tensor '" + proto.getName() + "'";
        DType dtype = dtype(proto.getDataType(), what);
        long[] shape = proto.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int count = elementCount(shape, what);
        long byteCount = (long) count * dtype.byteSize();
        if (proto.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            return externalData.read(proto, dtype, shape, byteCount);
        }
        if (proto.hasRawData()) {
            long rawSize = proto.getRawData().size();
            requireLength(rawSize, byteCount, what, shape, dtype, "bytes of raw_data");
            Tensor tensor = Tensor.allocate(dtype, shape);
            copyLittleEndian(MemorySegment.ofBuffer(proto.getRawData().asReadOnlyByteBuffer()), tensor.data(), dtype);
            return tensor;
        }
        return decodeTyped(proto, dtype, shape, count, what);
    }

    private static Tensor decodeTyped(OnnxMl.TensorProto proto, DType dtype, long[] shape, int count, String what) {
        Tensor tensor;
        switch (dtype) {
            case FLOAT -> {
                requireLength(proto.getFloatDataCount(), count, what, shape, dtype, "float_data values");
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = proto.getFloatData(i);
                }
                tensor = Tensor.ofFloats(values, shape);
            }
            case DOUBLE -> {
                requireLength(proto.getDoubleDataCount(), count, what, shape, dtype, "double_data values");
                tensor = Tensor.allocate(dtype, shape);
                for (int i = 0; i < count; i++) {
                    tensor.data().setAtIndex(ValueLayout.JAVA_DOUBLE, i, proto.getDoubleData(i));
                }
            }
            case INT64 -> {
                requireLength(proto.getInt64DataCount(), count, what, shape, dtype, "int64_data values");
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = proto.getInt64Data(i);
                }
                tensor = Tensor.ofLongs(values, shape);
            }
            case INT32 -> {
                requireLength(proto.getInt32DataCount(), count, what, shape, dtype, "int32_data values");
                int[] values = new int[count];
                for (int i = 0; i < count; i++) {
                    values[i] = proto.getInt32Data(i);
                }
                tensor = Tensor.ofInts(values, shape);
            }
            case UINT8, INT8, BOOL -> {
                // ONNX stores the one-byte types widened to int32 in int32_data.
                requireLength(proto.getInt32DataCount(), count, what, shape, dtype, "int32_data values");
                byte[] values = new byte[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (byte) proto.getInt32Data(i);
                }
                tensor = Tensor.ofBytes(dtype, values, shape);
            }
            default -> throw new IllegalStateException("unhandled " + dtype);
        }
        return tensor;
    }

    static DType dtype(int onnxCode, String what) {
        try {
            return DType.fromOnnxCode(onnxCode);
        } catch (EspalierException e) {
            throw new CompilationException("Cannot import " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * The element count of a declared shape, refusing ranks an artifact cannot store, negative sizes and
     * counts a heap array cannot hold.
     */
    static int elementCount(long[] shape, String what) {
        if (shape.length > ArtifactWriter.MAX_RANK) {
            throw new CompilationException("Cannot import " + what + ": its rank " + shape.length + " exceeds "
                    + ArtifactWriter.MAX_RANK + ", the most an Espalier artifact stores; the model file is corrupt");
        }
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new CompilationException(
                        "Cannot import " + what + ": its shape " + Arrays.toString(shape) + " has a negative size");
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                count = Long.MAX_VALUE;
            }
        }
        if (count > Integer.MAX_VALUE) {
            throw new CompilationException("Cannot import " + what + ": its shape " + Arrays.toString(shape)
                    + " has more elements than one tensor can hold (" + Integer.MAX_VALUE + ")");
        }
        return (int) count;
    }

    private static void requireLength(long actual, long expected, String what, long[] shape, DType dtype, String unit) {
        if (actual != expected) {
            throw new CompilationException("Cannot import " + what + ": it holds " + actual + " " + unit
                    + " but its declared shape " + Arrays.toString(shape) + " of " + dtype + " needs " + expected
                    + "; the model file is corrupt");
        }
    }

    /** Copies ONNX's little-endian element bytes into a tensor's native-order memory. */
    static void copyLittleEndian(MemorySegment source, MemorySegment target, DType dtype) {
        long count = target.byteSize() / dtype.byteSize();
        ValueLayout layout =
                switch (dtype) {
                    case FLOAT -> ValueLayout.JAVA_FLOAT_UNALIGNED;
                    case DOUBLE -> ValueLayout.JAVA_DOUBLE_UNALIGNED;
                    case INT64 -> ValueLayout.JAVA_LONG_UNALIGNED;
                    case INT32 -> ValueLayout.JAVA_INT_UNALIGNED;
                    case UINT8, INT8, BOOL -> ValueLayout.JAVA_BYTE;
                };
        MemorySegment.copy(source, layout.withOrder(ByteOrder.LITTLE_ENDIAN), 0, target, layout, 0, count);
    }
}
