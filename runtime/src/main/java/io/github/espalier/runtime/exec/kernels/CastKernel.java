package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;

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
            Tensor y = TensorData.isIntegral(x.dtype())
                    ? TensorData.fromLongs(target, TensorData.longs(x), x.shape())
                    : TensorData.fromDoubles(target, TensorData.doubles(x), x.shape());
            return new Tensor[] {y};
        };
    }
}
