package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/** Softmax and LayerNormalization over FLOAT tensors. */
final class NormalizationKernels {
    private NormalizationKernels() {}

    static void register(Map<String, KernelFactory> factories) {
        factories.put("Softmax", NormalizationKernels::softmax);
        factories.put("LayerNormalization", NormalizationKernels::layerNormalization);
    }

    /**
     * Softmax. Before opset 13 the input is coerced to 2-D at {@code axis} (default 1) and normalized over
     * all trailing axes together; from 13 it is normalized along the single {@code axis} (default -1). Both
     * agree when the axis is the last one, as in transformer attention.
     */
    private static Kernel softmax(Attributes attributes) {
        boolean coerceTo2d = Opset.of(attributes) < 13;
        long axisAttribute = attributes.getLong("axis", coerceTo2d ? 1 : -1);
        return (inputs, context) -> {
            Tensor x = inputs[0];
            long[] shape = x.shape();
            int axis = TensorData.axis(axisAttribute, x.rank());
            int outer = (int) TensorData.product(shape, 0, axis);
            int length = (int) (coerceTo2d ? TensorData.product(shape, axis, shape.length) : shape[axis]);
            int inner = (int) (coerceTo2d ? 1 : TensorData.product(shape, axis + 1, shape.length));
            float[] in = TensorData.floats(x);
            float[] out = new float[in.length];
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < inner; j++) {
                    int first = o * length * inner + j;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int k = 0; k < length; k++) {
                        max = Math.max(max, in[first + k * inner]);
                    }
                    double sum = 0;
                    for (int k = 0; k < length; k++) {
                        float e = (float) Math.exp(in[first + k * inner] - max);
                        out[first + k * inner] = e;
                        sum += e;
                    }
                    float scale = (float) (1 / sum);
                    for (int k = 0; k < length; k++) {
                        out[first + k * inner] *= scale;
                    }
                }
            }
            return new Tensor[] {Tensor.ofFloats(out, shape)};
        };
    }

    /**
     * LayerNormalization (opset 17): normalizes over the axes from {@code axis} on, then scales and shifts.
     * Outputs Y, Mean and InvStdDev (the last two of shape {@code shape[:axis] + [1, ...]}).
     */
    private static Kernel layerNormalization(Attributes attributes) {
        long axisAttribute = attributes.getLong("axis", -1);
        double epsilon = attributes.getFloat("epsilon", 1e-5f);
        return (inputs, context) -> {
            Tensor x = inputs[0];
            long[] shape = x.shape();
            int axis = TensorData.axis(axisAttribute, x.rank());
            long[] normalizedShape = Arrays.copyOfRange(shape, axis, shape.length);
            int length = (int) TensorData.product(normalizedShape, 0, normalizedShape.length);
            int rows = (int) TensorData.product(shape, 0, axis);
            float[] scale = expand(inputs[1], normalizedShape);
            float[] bias = inputs.length > 2 && inputs[2] != null ? expand(inputs[2], normalizedShape) : null;
            float[] in = TensorData.floats(x);
            float[] out = new float[in.length];
            float[] means = new float[rows];
            float[] invStdDevs = new float[rows];
            for (int r = 0; r < rows; r++) {
                int first = r * length;
                double sum = 0;
                for (int k = 0; k < length; k++) {
                    sum += in[first + k];
                }
                double mean = sum / length;
                double squares = 0;
                for (int k = 0; k < length; k++) {
                    double d = in[first + k] - mean;
                    squares += d * d;
                }
                double invStdDev = 1 / Math.sqrt(squares / length + epsilon);
                for (int k = 0; k < length; k++) {
                    double y = (in[first + k] - mean) * invStdDev * scale[k];
                    out[first + k] = (float) (bias == null ? y : y + bias[k]);
                }
                means[r] = (float) mean;
                invStdDevs[r] = (float) invStdDev;
            }
            long[] statShape = shape.clone();
            Arrays.fill(statShape, axis, statShape.length, 1);
            return new Tensor[] {
                Tensor.ofFloats(out, shape), Tensor.ofFloats(means, statShape), Tensor.ofFloats(invStdDevs, statShape)
            };
        };
    }

    /** The values of {@code t} broadcast to {@code shape}, as one contiguous array. */
    private static float[] expand(Tensor t, long[] shape) {
        float[] values = TensorData.floats(t);
        if (Arrays.equals(t.shape(), shape)) {
            return values;
        }
        int[] map = Broadcast.indexMap(t.shape(), shape);
        float[] expanded = new float[map.length];
        for (int i = 0; i < map.length; i++) {
            expanded[i] = values[map[i]];
        }
        return expanded;
    }
}
