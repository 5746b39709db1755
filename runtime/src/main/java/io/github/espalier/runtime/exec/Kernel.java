package io.github.espalier.runtime.exec;

import io.github.espalier.runtime.tensor.Tensor;

/**
 * The implementation of one instruction, created once at load with the instruction's attributes and
 * then called for every run. Kernels allocate their outputs (shapes depend on the inputs) and never
 * write into their inputs. An absent optional input is {@code null}.
 */
@FunctionalInterface
public interface Kernel {
    Tensor[] execute(Tensor[] inputs, ExecutionContext context);
}
