package io.github.espalier.runtime.exec.fused;

import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.linalg.VectorOps;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;

/** {@code espalier.Gelu(x)}: elementwise exact (erf) GELU. */
final class GeluKernel implements Kernel {
    static final String OP = "espalier.Gelu";
    private static final int ELEMENTS_PER_TASK = 16384;

    private final VectorOps ops;

    GeluKernel(VectorOps ops) {
        this.ops = ops;
    }

    @Override
    public Tensor[] execute(Tensor[] inputs, ExecutionContext context) {
        float[] in = FloatData.read(inputs[0], OP, "x");
        Tensor result = context.arena().output(DType.FLOAT, inputs[0].shape());
        float[] out = result.heapFloats();
        int tasks = (in.length + ELEMENTS_PER_TASK - 1) / ELEMENTS_PER_TASK;
        context.pool().parallelFor(tasks, task -> {
            int start = task * ELEMENTS_PER_TASK;
            int length = Math.min(in.length - start, ELEMENTS_PER_TASK);
            System.arraycopy(in, start, out, start, length);
            ops.gelu(out, start, length);
        });
        return new Tensor[] {result};
    }
}
