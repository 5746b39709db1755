package io.github.espalier.compiler.backend.java;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.Executor;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Binds a program's kernels exactly as the runtime does at load, so that a program the runtime would
 * refuse (an operator missing a required attribute, a value without a producer) fails the build, naming
 * the model, instead of the user's application at start-up.
 */
public final class LoadCheck {
    private LoadCheck() {}

    /**
     * Returns {@code program} once the runtime could bind it.
     *
     * @throws io.github.espalier.runtime.EspalierException with the runtime's own message
     */
    public static Program verified(Program program, Map<String, Tensor> constants) {
        try (ComputePool callerOnly = ComputePool.create(1)) {
            new Executor(program, constants, callerOnly);
        }
        return program;
    }
}
