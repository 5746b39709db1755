package io.github.espalier.runtime.exec;

import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Runs a program: binds every instruction to its kernel once, then for each call feeds the inputs,
 * executes the instructions in order and drops intermediate tensors after their last use.
 * Thread-safe: concurrent calls share only the immutable constants and kernels.
 */
public final class Executor {
    public Executor(Program program, Map<String, Tensor> constants, ComputePool pool) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Runs the program on named inputs and returns the named graph outputs. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
