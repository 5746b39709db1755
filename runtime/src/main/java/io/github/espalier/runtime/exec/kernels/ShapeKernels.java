package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Map;

/**
 * Operators that only compute or change shapes: Shape, Reshape, Unsqueeze, Squeeze, ConstantOfShape, Range,
 * Identity and Constant. Reshaping ops share the input's data instead of copying it (kernels never write
 * their inputs, so sharing is safe).
 */
final class ShapeKernels {
    private ShapeKernels() {}

    static void register(Map<String, KernelFactory> factories) {
        factories.put("Identity", attributes -> (inputs, context) -> new Tensor[] {inputs[0]});
        factories.put("Shape", ShapeKernels::shape);
        factories.put("Reshape", ShapeKernels::reshape);
        factories.put("Unsqueeze", ShapeKernels::unsqueeze);
        factories.put("Squeeze", ShapeKernels::squeeze);
        factories.put("ConstantOfShape", ShapeKernels::constantOfShape);
        factories.put("Range", attributes -> ShapeKernels::range);
        factories.put("Constant", ShapeKernels::constant);
    }

    /** Shape with the opset-15 {@code start}/{@code end} attributes, clamped to the rank like Python slicing. */
    private static Kernel shape(Attributes attributes) {
        long start = attributes.getLong("start", 0);
        long end = attributes.getLong("end", Long.MAX_VALUE);
        return (inputs, context) -> {
            long[] dims = inputs[0].shape();
            int rank = dims.length;
            int from = clamp(start < 0 ? start + rank : start, rank);
            int to = clamp(end < 0 ? end + rank : end, rank);
            long[] part = Arrays.copyOfRange(dims, from, Math.max(from, to));
            return new Tensor[] {Tensor.ofLongs(part, part.length)};
        };
    }

    /** Reshape: 0 copies the input's size on that axis (unless {@code allowzero}), one -1 is inferred. */
    private static Kernel reshape(Attributes attributes) {
        boolean allowZero = attributes.getLong("allowzero", 0) != 0;
        return (inputs, context) -> {
            Tensor x = inputs[0];
            long[] requested = TensorData.ints(inputs[1], "Reshape shape");
            long[] shape = new long[requested.length];
            int inferred = -1;
            long known = 1;
            for (int d = 0; d < requested.length; d++) {
                long size = requested[d];
                if (size == 0 && !allowZero) {
                    if (d >= x.rank()) {
                        throw new EspalierException("Reshape shape " + Arrays.toString(requested) + " copies axis " + d
                                + " of a rank-" + x.rank() + " input");
                    }
                    size = x.dim(d);
                }
                if (size == -1) {
                    if (inferred >= 0) {
                        throw new EspalierException("Reshape shape " + Arrays.toString(requested) + " has two -1");
                    }
                    inferred = d;
                    continue;
                }
                shape[d] = size;
                known *= size;
            }
            if (inferred >= 0) {
                if (known == 0 || x.elementCount() % known != 0) {
                    throw new EspalierException(
                            "Cannot infer the -1 of Reshape shape " + Arrays.toString(requested) + " for input " + x);
                }
                shape[inferred] = x.elementCount() / known;
            }
            return new Tensor[] {x.reshape(shape)};
        };
    }

    /** Unsqueeze: axes from the attribute (opset < 13) or the second input (opset 13+), relative to the output. */
    private static Kernel unsqueeze(Attributes attributes) {
        long[] fixedAxes = attributes.getLongs("axes", null);
        return (inputs, context) -> {
            Tensor x = inputs[0];
            long[] axes = axes(fixedAxes, inputs, 1, "Unsqueeze");
            int rank = x.rank() + axes.length;
            boolean[] inserted = new boolean[rank];
            for (long axis : axes) {
                int a = TensorData.axis(axis, rank);
                if (inserted[a]) {
                    throw new EspalierException("Unsqueeze axes " + Arrays.toString(axes) + " repeat axis " + a);
                }
                inserted[a] = true;
            }
            long[] shape = new long[rank];
            for (int d = 0, source = 0; d < rank; d++) {
                shape[d] = inserted[d] ? 1 : x.dim(source++);
            }
            return new Tensor[] {x.reshape(shape)};
        };
    }

    /** Squeeze: the listed axes (attribute or input), or every axis of size 1 when none are given. */
    private static Kernel squeeze(Attributes attributes) {
        long[] fixedAxes = attributes.getLongs("axes", null);
        return (inputs, context) -> {
            Tensor x = inputs[0];
            long[] axes = fixedAxes != null || (inputs.length > 1 && inputs[1] != null)
                    ? axes(fixedAxes, inputs, 1, "Squeeze")
                    : null;
            boolean[] removed = new boolean[x.rank()];
            for (int d = 0; d < x.rank(); d++) {
                removed[d] = axes == null && x.dim(d) == 1;
            }
            if (axes != null) {
                for (long axis : axes) {
                    int a = TensorData.axis(axis, x.rank());
                    if (x.dim(a) != 1) {
                        throw new EspalierException("Squeeze axis " + axis + " of " + x + " is not of size 1");
                    }
                    removed[a] = true;
                }
            }
            long[] shape = new long[x.rank()];
            int rank = 0;
            for (int d = 0; d < x.rank(); d++) {
                if (!removed[d]) {
                    shape[rank++] = x.dim(d);
                }
            }
            return new Tensor[] {x.reshape(Arrays.copyOf(shape, rank))};
        };
    }

    /** A tensor of the given shape filled with the one element of {@code value} (default float 0). */
    private static Kernel constantOfShape(Attributes attributes) {
        Tensor value = attributes.has("value") ? attributes.getTensor("value") : Tensor.ofFloats(new float[] {0}, 1);
        if (value.elementCount() != 1) {
            throw new EspalierException("ConstantOfShape value must hold one element, got " + value);
        }
        return (inputs, context) -> {
            long[] shape = TensorData.ints(inputs[0], "ConstantOfShape shape");
            Tensor out = Tensor.allocate(value.dtype(), shape);
            long size = value.dtype().byteSize();
            for (long i = 0; i < out.elementCount(); i++) {
                MemorySegment.copy(value.data(), 0, out.data(), i * size, size);
            }
            return new Tensor[] {out};
        };
    }

    /** Range(start, limit, delta): {@code max(ceil((limit - start) / delta), 0)} elements. */
    private static Tensor[] range(Tensor[] inputs, ExecutionContext context) {
        DType dtype = inputs[0].dtype();
        if (TensorData.isIntegral(dtype)) {
            long start = TensorData.longs(inputs[0])[0];
            long limit = TensorData.longs(inputs[1])[0];
            long delta = TensorData.longs(inputs[2])[0];
            if (delta == 0) {
                throw new EspalierException("Range delta must not be zero");
            }
            int n = (int) Math.max(Math.ceil((double) (limit - start) / delta), 0);
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = start + i * delta;
            }
            return new Tensor[] {TensorData.fromLongs(dtype, values, new long[] {n})};
        }
        double start = TensorData.doubles(inputs[0])[0];
        double limit = TensorData.doubles(inputs[1])[0];
        double delta = TensorData.doubles(inputs[2])[0];
        int n = (int) Math.max(Math.ceil((limit - start) / delta), 0);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = start + i * delta;
        }
        return new Tensor[] {TensorData.fromDoubles(dtype, values, new long[] {n})};
    }

    /** Constant: exactly one of value, value_float, value_int, value_floats, value_ints. */
    private static Kernel constant(Attributes attributes) {
        Map<String, Object> values = attributes.asMap();
        Tensor tensor;
        if (values.get("value") instanceof Tensor t) {
            tensor = t;
        } else if (values.get("value_float") instanceof Float f) {
            tensor = Tensor.ofFloats(new float[] {f});
        } else if (values.get("value_int") instanceof Long l) {
            tensor = Tensor.ofLongs(new long[] {l});
        } else if (values.get("value_floats") instanceof float[] fs) {
            tensor = Tensor.ofFloats(fs.clone(), fs.length);
        } else if (values.get("value_ints") instanceof long[] ls) {
            tensor = Tensor.ofLongs(ls.clone(), ls.length);
        } else {
            throw new EspalierException("Constant needs one of the attributes value, value_float, value_int,"
                    + " value_floats or value_ints; got " + attributes);
        }
        return (inputs, context) -> new Tensor[] {tensor};
    }

    /** Axes from an attribute when the instruction has one (older opsets), else from an input. */
    static long[] axes(long[] fromAttribute, Tensor[] inputs, int index, String op) {
        if (fromAttribute != null) {
            return fromAttribute;
        }
        if (inputs.length <= index || inputs[index] == null) {
            throw new EspalierException(op + " needs axes, as an attribute or as input " + index);
        }
        return TensorData.ints(inputs[index], op + " axes");
    }

    private static int clamp(long value, int rank) {
        return (int) Math.max(0, Math.min(rank, value));
    }
}
