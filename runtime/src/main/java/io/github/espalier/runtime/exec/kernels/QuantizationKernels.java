package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.IntegerGemm;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;

/** The ONNX quantization operators: DequantizeLinear, DynamicQuantizeLinear and MatMulInteger. */
final class QuantizationKernels {
    private QuantizationKernels() {}

    static void register(Map<String, KernelFactory> factories) {
        factories.put("DequantizeLinear", QuantizationKernels::dequantizeLinear);
        factories.put("DynamicQuantizeLinear", attributes -> QuantizationKernels::dynamicQuantizeLinear);
        factories.put("MatMulInteger", attributes -> new MatMulIntegerKernel(new IntegerGemm(Gemms.preferred())));
    }

    /** {@code y = (x - zero_point) * scale}, with one scale (and zero point) or one per slice of {@code axis}. */
    private static Kernel dequantizeLinear(Attributes attributes) {
        long axisAttribute = attributes.getLong("axis", 1);
        return (inputs, context) -> {
            Tensor x = inputs[0];
            float[] scale = TensorData.floats(inputs[1]);
            long[] zeroPoint = inputs.length > 2 && inputs[2] != null ? TensorData.longs(inputs[2]) : null;
            int count = TensorData.count(x);
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
            Tensor result = context.arena().output(DType.FLOAT, x.shape());
            float[] out = result.heapFloats();
            for (int i = 0; i < count; i++) {
                int channel = (i / inner) % channels;
                long zero = zeroPoint == null ? 0 : zeroPoint[channel];
                out[i] = (quantized(x, i) - zero) * scale[channel];
            }
            return new Tensor[] {result};
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
        Tensor quantized = context.arena().output(DType.UINT8, inputs[0].shape());
        byte[] y = (byte[]) quantized.data().heapBase().orElseThrow();
        for (int i = 0; i < x.length; i++) {
            y[i] = scale == 0 ? (byte) zeroPoint : (byte) saturate((float) Math.rint(x[i] / scale) + zeroPoint);
        }
        return new Tensor[] {
            quantized, Tensor.ofFloats(new float[] {scale}), Tensor.ofBytes(DType.UINT8, new byte[] {(byte) zeroPoint})
        };
    }

    /** Element i of a uint8, int8 or int32 tensor. */
    private static long quantized(Tensor x, int i) {
        return switch (x.dtype()) {
            case UINT8 -> x.getByte(i) & 0xFF;
            case INT8 -> x.getByte(i);
            case INT32 -> x.getInt(i);
            default -> throw new EspalierException("DequantizeLinear needs UINT8, INT8 or INT32 input, got " + x);
        };
    }

    private static float saturate(float value) {
        return Math.max(0, Math.min(255, value));
    }
}
