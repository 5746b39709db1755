package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Cast between FLOAT, DOUBLE, INT64, INT32, INT8, UINT8 and BOOL. Floating point to integer truncates toward
 * zero and then wraps to the target width (C semantics, what ONNX Runtime does for in-range values); anything
 * to BOOL is {@code x != 0}.
 */
final class CastKernel {
    private CastKernel() {}

    static Kernel create(Attributes attributes) {
        DType target = DType.fromOnnxCode(Math.toIntExact(attributes.getLong("to")));
        return (inputs, context) -> {
            Tensor x = inputs[0];
            if (x.dtype() == target) {
                return new Tensor[] {x};
            }
            if (x.dtype() == DType.INT32 && target == DType.FLOAT) {
                return new Tensor[] {intsToFloats(x, context.arena().output(DType.FLOAT, x.shape()))};
            }
            Tensor y = TensorData.isIntegral(x.dtype())
                    ? TensorData.fromLongs(target, TensorData.longs(x), x.shape())
                    : TensorData.fromDoubles(target, TensorData.doubles(x), x.shape());
            return new Tensor[] {y};
        };
    }

    /** The cast after every MatMulInteger of a quantized graph: one direct loop instead of going through long. */
    private static Tensor intsToFloats(Tensor x, Tensor result) {
        MemorySegment data = x.data();
        float[] out = result.heapFloats();
        for (int i = 0; i < out.length; i++) {
            out[i] = data.getAtIndex(ValueLayout.JAVA_INT, i);
        }
        return result;
    }
}
