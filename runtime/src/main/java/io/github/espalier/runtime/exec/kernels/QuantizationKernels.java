package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;

/** The ONNX quantization operators: DequantizeLinear, DynamicQuantizeLinear and MatMulInteger. */
final class QuantizationKernels {
    private QuantizationKernels() {}

    static void register(Map<String, KernelFactory> factories) {
        factories.put("DequantizeLinear", QuantizationKernels::dequantizeLinear);
        factories.put("DynamicQuantizeLinear", attributes -> QuantizationKernels::dynamicQuantizeLinear);
        factories.put("MatMulInteger", attributes -> new MatMulInteger());
    }

    /** {@code y = (x - zero_point) * scale}, with one scale (and zero point) or one per slice of {@code axis}. */
    private static Kernel dequantizeLinear(Attributes attributes) {
        long axisAttribute = attributes.getLong("axis", 1);
        return (inputs, context) -> {
            Tensor x = inputs[0];
            float[] scale = TensorData.floats(inputs[1]);
            long[] zeroPoint = inputs.length > 2 && inputs[2] != null ? TensorData.longs(inputs[2]) : null;
            long[] values = TensorData.longs(x);
            int channels = 1;
            int inner = 1;
            if (scale.length > 1) {
                int axis = TensorData.axis(axisAttribute, x.rank());
                channels = (int) x.dim(axis);
                inner = (int) TensorData.product(x.shape(), axis + 1, x.rank());
                if (scale.length != channels || (zeroPoint != null && zeroPoint.length != channels)) {
                    throw new EspalierException("DequantizeLinear per-axis scale " + inputs[1] + " does not match axis "
                            + axis + " of " + x);
                }
            }
            float[] out = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                int channel = (i / inner) % channels;
                long zero = zeroPoint == null ? 0 : zeroPoint[channel];
                out[i] = (values[i] - zero) * scale[channel];
            }
            return new Tensor[] {Tensor.ofFloats(out, x.shape())};
        };
    }

    /**
     * DynamicQuantizeLinear to uint8, as the ONNX spec defines it: the range is widened to include 0,
     * {@code scale = (max - min) / 255}, {@code zero_point = saturate(round(0 - min / scale))} and
     * {@code y = saturate(round(x / scale) + zero_point)}, rounding half to even, all in float.
     */
    private static Tensor[] dynamicQuantizeLinear(Tensor[] inputs, ExecutionContext context) {
        float[] x = TensorData.floats(inputs[0]);
        float min = 0;
        float max = 0;
        for (float v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float scale = (max - min) / 255f;
        float zeroPoint = scale == 0 ? 0 : saturate((float) Math.rint(0 - min / scale));
        byte[] y = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = scale == 0 ? (byte) zeroPoint : (byte) saturate((float) Math.rint(x[i] / scale) + zeroPoint);
        }
        return new Tensor[] {
            Tensor.ofBytes(DType.UINT8, y, inputs[0].shape()),
            Tensor.ofFloats(new float[] {scale}),
            Tensor.ofBytes(DType.UINT8, new byte[] {(byte) zeroPoint})
        };
    }

    private static float saturate(float value) {
        return Math.max(0, Math.min(255, value));
    }

    /**
     * MatMulInteger: {@code (A - a_zero_point) x (B - b_zero_point)} in int32, A and B uint8 or int8, the zero
     * points scalar or per row of A / per column of B.
     */
    private static final class MatMulInteger implements Kernel {
        /** B minus its zero point, kept while B is the same tensor: B is a weight, the same on every run. */
        private volatile CenteredMatrix right;

        private record CenteredMatrix(Tensor matrix, Tensor zeroPoint, int[] values) {}

        @Override
        public Tensor[] execute(Tensor[] inputs, ExecutionContext context) {
            Tensor a = inputs[0];
            Tensor b = inputs[1];
            Tensor bZeroPoint = inputs.length > 3 ? inputs[3] : null;
            MatMulShape geometry = MatMulShape.of(a.shape(), b.shape());
            int[] left = centered(a, inputs.length > 2 ? inputs[2] : null, geometry.k(), geometry.m());
            CenteredMatrix cached = right;
            if (cached == null || cached.matrix() != b || cached.zeroPoint() != bZeroPoint) {
                cached = new CenteredMatrix(b, bZeroPoint, centered(b, bZeroPoint, 1, geometry.n()));
                right = cached;
            }
            int[] rightValues = cached.values();
            int[] c = new int[geometry.batches() * geometry.m() * geometry.n()];
            geometry.forEachRow(context, row -> multiplyRow(geometry, left, rightValues, c, row));
            return new Tensor[] {Tensor.ofInts(c, geometry.outShape())};
        }
    }

    /**
     * The elements of a quantized matrix minus their zero point; a per-channel zero point applies to
     * channel {@code (i / step) % channels} (rows of A: step K, channels M; columns of B: step 1, channels N).
     */
    private static int[] centered(Tensor matrix, Tensor zeroPoint, int step, int channels) {
        if (matrix.dtype() != DType.UINT8 && matrix.dtype() != DType.INT8) {
            throw new EspalierException("MatMulInteger needs UINT8 or INT8 inputs, got " + matrix);
        }
        long[] zero = zeroPoint == null ? new long[] {0} : TensorData.longs(zeroPoint);
        if (zero.length != 1 && zero.length != channels) {
            throw new EspalierException(
                    "MatMulInteger zero point " + zeroPoint + " must be a scalar or hold " + channels + " values");
        }
        MemorySegment data = matrix.data();
        boolean unsigned = matrix.dtype() == DType.UINT8;
        int[] out = new int[TensorData.count(matrix)];
        for (int i = 0; i < out.length; i++) {
            byte value = data.get(ValueLayout.JAVA_BYTE, i);
            out[i] = (unsigned ? Byte.toUnsignedInt(value) : value)
                    - (int) zero[zero.length == 1 ? 0 : (i / step) % channels];
        }
        return out;
    }

    private static void multiplyRow(MatMulShape g, int[] a, int[] b, int[] c, int row) {
        int k = g.k();
        int n = g.n();
        int aRow = g.aRowStart(row);
        int bMatrix = g.bMatrixStart(row);
        int cRow = row * n;
        for (int p = 0; p < k; p++) {
            int scale = a[aRow + p];
            int bRow = bMatrix + p * n;
            for (int j = 0; j < n; j++) {
                c[cRow + j] += scale * b[bRow + j];
            }
        }
    }
}
