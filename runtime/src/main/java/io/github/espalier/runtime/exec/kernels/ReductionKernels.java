package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;

/**
 * ReduceSum and ReduceMean over FLOAT tensors. Axes come from the attribute (ReduceSum before opset 13,
 * ReduceMean before 18) or the optional second input; no axes means all axes unless
 * {@code noop_with_empty_axes} is set. Sums accumulate in double.
 */
final class ReductionKernels {
    private ReductionKernels() {}

    static void register(Map<String, KernelFactory> factories) {
        factories.put("ReduceSum", attributes -> reduce(attributes, false));
        factories.put("ReduceMean", attributes -> reduce(attributes, true));
    }

    private static Kernel reduce(Attributes attributes, boolean mean) {
        long[] axesAttribute = attributes.getLongs("axes", null);
        boolean keepDims = attributes.getLong("keepdims", 1) != 0;
        boolean noopWithEmptyAxes = attributes.getLong("noop_with_empty_axes", 0) != 0;
        return (inputs, context) -> {
            Tensor x = inputs[0];
            long[] axes = axesAttribute != null
                    ? axesAttribute
                    : inputs.length > 1 && inputs[1] != null ? TensorData.ints(inputs[1], "Reduce axes") : new long[0];
            if (axes.length == 0 && noopWithEmptyAxes) {
                return new Tensor[] {x};
            }
            int rank = x.rank();
            boolean[] reduced = new boolean[rank];
            for (long axis : axes) {
                reduced[TensorData.axis(axis, rank)] = true;
            }
            long[] kept = x.shape();
            int outRank = 0;
            for (int d = 0; d < rank; d++) {
                if (axes.length == 0 || reduced[d]) {
                    reduced[d] = true;
                    kept[d] = 1;
                }
                outRank += reduced[d] && !keepDims ? 0 : 1;
            }
            float[] in = TensorData.floats(x);
            int[] target = Broadcast.indexMap(kept, x.shape());
            double[] sums = new double[Math.toIntExact(TensorData.product(kept, 0, rank))];
            for (int i = 0; i < in.length; i++) {
                sums[target[i]] += in[i];
            }
            double scale = mean ? (double) sums.length / Math.max(in.length, 1) : 1;
            float[] out = new float[sums.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (sums[i] * scale);
            }
            long[] shape = new long[outRank];
            for (int d = 0, o = 0; d < rank; d++) {
                if (keepDims || !reduced[d]) {
                    shape[o++] = kept[d];
                }
            }
            return new Tensor[] {Tensor.ofFloats(out, shape)};
        };
    }
}
