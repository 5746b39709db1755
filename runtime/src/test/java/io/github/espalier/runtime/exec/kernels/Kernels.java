package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.Random;

/** Test helper: runs one standard kernel on inputs, with attributes given as name/value pairs. */
final class Kernels {
    private static final ExecutionContext SERIAL = new ExecutionContext(ComputePool.create(1));

    private Kernels() {}

    static Tensor[] runAll(String op, Map<String, Object> attributes, Tensor... inputs) {
        return runAll(op, attributes, SERIAL, inputs);
    }

    static Tensor[] runAll(String op, Map<String, Object> attributes, ExecutionContext context, Tensor... inputs) {
        KernelFactory factory = StandardKernels.factories().get(op);
        return factory.create(Attributes.of(attributes)).execute(inputs, context);
    }

    static Tensor run(String op, Map<String, Object> attributes, Tensor... inputs) {
        return runAll(op, attributes, inputs)[0];
    }

    static Tensor run(String op, Tensor... inputs) {
        return run(op, Map.of(), inputs);
    }

    static Tensor floats(long[] shape, float... values) {
        return Tensor.ofFloats(values, shape);
    }

    static Tensor longs(long... values) {
        return Tensor.ofLongs(values, values.length);
    }

    static Tensor scalar(float value) {
        return Tensor.ofFloats(new float[] {value});
    }

    static Tensor bools(long[] shape, int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return Tensor.ofBytes(DType.BOOL, bytes, shape);
    }

    static long[] shape(long... dims) {
        return dims;
    }

    static float[] random(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    static byte[] toBytes(Tensor t) {
        return t.data().toArray(ValueLayout.JAVA_BYTE);
    }

    static int[] toInts(Tensor t) {
        return t.data().toArray(ValueLayout.JAVA_INT);
    }
}
