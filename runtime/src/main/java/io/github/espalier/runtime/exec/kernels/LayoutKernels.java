package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Map;

/**
 * Operators that move elements of any type without computing on them: Concat, Gather, Slice, Transpose,
 * Expand and Split. They copy bytes in blocks (whole trailing sub-tensors) wherever the layout allows.
 */
final class LayoutKernels {
    private LayoutKernels() {}

    static void register(Map<String, KernelFactory> factories) {
        factories.put("Concat", LayoutKernels::concat);
        factories.put("Gather", LayoutKernels::gather);
        factories.put("Slice", LayoutKernels::slice);
        factories.put("Transpose", LayoutKernels::transpose);
        factories.put("Expand", attributes -> LayoutKernels::expand);
        factories.put("Split", LayoutKernels::split);
    }

    private static Kernel concat(Attributes attributes) {
        long axisAttribute = attributes.getLong("axis");
        return (inputs, context) -> {
            Tensor first = inputs[0];
            int rank = first.rank();
            int axis = TensorData.axis(axisAttribute, rank);
            long[] shape = first.shape();
            shape[axis] = 0;
            for (Tensor input : inputs) {
                if (input.dtype() != first.dtype() || input.rank() != rank) {
                    throw new EspalierException("Concat inputs differ in type or rank: " + first + " and " + input);
                }
                for (int d = 0; d < rank; d++) {
                    if (d != axis && input.dim(d) != first.dim(d)) {
                        throw new EspalierException(
                                "Concat inputs differ off axis " + axis + ": " + first + " and " + input);
                    }
                }
                shape[axis] += input.dim(axis);
            }
            Tensor out = context.arena().output(first.dtype(), shape);
            long outer = TensorData.product(shape, 0, axis);
            long innerBytes =
                    TensorData.product(shape, axis + 1, rank) * first.dtype().byteSize();
            long target = 0;
            for (long o = 0; o < outer; o++) {
                for (Tensor input : inputs) {
                    long block = input.dim(axis) * innerBytes;
                    MemorySegment.copy(input.data(), o * block, out.data(), target, block);
                    target += block;
                }
            }
            return new Tensor[] {out};
        };
    }

    /** Gather along any axis; negative indices count from the end of the axis. */
    private static Kernel gather(Attributes attributes) {
        long axisAttribute = attributes.getLong("axis", 0);
        return (inputs, context) -> {
            Tensor data = inputs[0];
            Tensor indices = inputs[1];
            int axis = TensorData.axis(axisAttribute, data.rank());
            long[] dataShape = data.shape();
            long[] indexShape = indices.shape();
            long[] shape = new long[data.rank() - 1 + indexShape.length];
            System.arraycopy(dataShape, 0, shape, 0, axis);
            System.arraycopy(indexShape, 0, shape, axis, indexShape.length);
            System.arraycopy(dataShape, axis + 1, shape, axis + indexShape.length, data.rank() - axis - 1);
            long[] index = TensorData.longs(indices);
            long axisLength = dataShape[axis];
            for (int i = 0; i < index.length; i++) {
                long value = index[i] < 0 ? index[i] + axisLength : index[i];
                if (value < 0 || value >= axisLength) {
                    throw new EspalierException(
                            "Gather index " + index[i] + " is out of range for axis " + axis + " of " + data);
                }
                index[i] = value;
            }
            Tensor out = context.arena().output(data.dtype(), shape);
            long outer = TensorData.product(dataShape, 0, axis);
            long block = TensorData.product(dataShape, axis + 1, dataShape.length)
                    * data.dtype().byteSize();
            long target = 0;
            for (long o = 0; o < outer; o++) {
                for (long value : index) {
                    MemorySegment.copy(data.data(), (o * axisLength + value) * block, out.data(), target, block);
                    target += block;
                }
            }
            return new Tensor[] {out};
        };
    }

    /** Slice with starts/ends/axes/steps as inputs (opset 10+) or, in older graphs, as attributes. */
    private static Kernel slice(Attributes attributes) {
        long[] startsAttribute = attributes.getLongs("starts", null);
        long[] endsAttribute = attributes.getLongs("ends", null);
        long[] axesAttribute = attributes.getLongs("axes", null);
        return (inputs, context) -> {
            Tensor data = inputs[0];
            long[] starts = startsAttribute != null ? startsAttribute : TensorData.ints(inputs[1], "Slice starts");
            long[] ends = endsAttribute != null ? endsAttribute : TensorData.ints(inputs[2], "Slice ends");
            long[] axes = startsAttribute != null ? axesAttribute : optional(inputs, 3, "Slice axes");
            long[] steps = startsAttribute != null ? null : optional(inputs, 4, "Slice steps");
            int rank = data.rank();
            long[] shape = data.shape();
            long[] inStrides = StridedCopy.contiguousStrides(shape);
            long[] strides = inStrides.clone();
            long base = 0;
            for (int i = 0; i < starts.length; i++) {
                int axis = TensorData.axis(axes == null ? i : axes[i], rank);
                long step = steps == null ? 1 : steps[i];
                if (step == 0) {
                    throw new EspalierException("Slice step must not be zero");
                }
                long dim = data.dim(axis);
                long start = starts[i] < 0 ? starts[i] + dim : starts[i];
                long end = ends[i] < 0 ? ends[i] + dim : ends[i];
                long count;
                if (step > 0) {
                    start = clamp(start, 0, dim);
                    end = clamp(end, 0, dim);
                    count = end > start ? (end - start + step - 1) / step : 0;
                } else {
                    start = clamp(start, 0, dim - 1);
                    end = clamp(end, -1, dim - 1);
                    count = start > end ? (start - end - step - 1) / -step : 0;
                }
                shape[axis] = count;
                strides[axis] = step * inStrides[axis];
                base += count > 0 ? start * inStrides[axis] : 0;
            }
            return new Tensor[] {StridedCopy.copy(data, base, strides, shape)};
        };
    }

    /** Transpose by {@code perm}; without it, reverses the axes. */
    private static Kernel transpose(Attributes attributes) {
        long[] permAttribute = attributes.getLongs("perm", null);
        return (inputs, context) -> {
            Tensor data = inputs[0];
            int rank = data.rank();
            long[] inStrides = StridedCopy.contiguousStrides(data.shape());
            long[] shape = new long[rank];
            long[] strides = new long[rank];
            boolean[] used = new boolean[rank];
            for (int d = 0; d < rank; d++) {
                int source = permAttribute == null ? rank - 1 - d : TensorData.axis(permAttribute[d], rank);
                if (used[source] || (permAttribute != null && permAttribute.length != rank)) {
                    throw new EspalierException("Transpose perm " + Arrays.toString(permAttribute)
                            + " is not a permutation of the axes of " + data);
                }
                used[source] = true;
                shape[d] = data.dim(source);
                strides[d] = inStrides[source];
            }
            return new Tensor[] {StridedCopy.copy(data, 0, strides, shape)};
        };
    }

    /** Expand: broadcasts the input to the given shape (numpy rules, so the result may be larger still). */
    private static Tensor[] expand(Tensor[] inputs, ExecutionContext context) {
        Tensor data = inputs[0];
        long[] shape = Broadcast.shape(data.shape(), TensorData.ints(inputs[1], "Expand shape"));
        long[] inStrides = StridedCopy.contiguousStrides(data.shape());
        long[] strides = new long[shape.length];
        int offset = shape.length - data.rank();
        for (int d = 0; d < data.rank(); d++) {
            strides[offset + d] = data.dim(d) == 1 ? 0 : inStrides[d];
        }
        return new Tensor[] {StridedCopy.copy(data, 0, strides, shape)};
    }

    /**
     * Split along an axis by sizes (the {@code split} input from opset 13, the attribute before), or into
     * {@code num_outputs} parts of {@code ceil(dim / n)} (the last one smaller). The executor sets
     * {@code num_outputs} from the instruction's output count when the graph gives neither.
     */
    private static Kernel split(Attributes attributes) {
        long axisAttribute = attributes.getLong("axis", 0);
        long[] splitAttribute = attributes.getLongs("split", null);
        long parts = attributes.getLong("num_outputs", 0);
        return (inputs, context) -> {
            Tensor data = inputs[0];
            int axis = TensorData.axis(axisAttribute, data.rank());
            long dim = data.dim(axis);
            long[] sizes = splitAttribute != null ? splitAttribute : optional(inputs, 1, "Split sizes");
            if (sizes == null) {
                if (parts <= 0) {
                    throw new EspalierException("Split needs split sizes or num_outputs");
                }
                long chunk = (dim + parts - 1) / parts;
                sizes = new long[(int) parts];
                for (int i = 0; i < parts; i++) {
                    sizes[i] = Math.max(0, Math.min(chunk, dim - i * chunk));
                }
            }
            if (Arrays.stream(sizes).sum() != dim) {
                throw new EspalierException(
                        "Split sizes " + Arrays.toString(sizes) + " do not add up to axis " + axis + " of " + data);
            }
            long[] strides = StridedCopy.contiguousStrides(data.shape());
            Tensor[] outputs = new Tensor[sizes.length];
            long start = 0;
            for (int i = 0; i < sizes.length; i++) {
                long[] shape = data.shape();
                shape[axis] = sizes[i];
                outputs[i] = StridedCopy.copy(data, start * strides[axis], strides, shape);
                start += sizes[i];
            }
            return outputs;
        };
    }

    private static long[] optional(Tensor[] inputs, int index, String what) {
        return inputs.length > index && inputs[index] != null ? TensorData.ints(inputs[index], what) : null;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
