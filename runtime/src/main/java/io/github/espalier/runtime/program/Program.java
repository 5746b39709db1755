package io.github.espalier.runtime.program;

import java.util.List;

/**
 * What the compiler hands the runtime: graph inputs and outputs, the names of the constant tensors
 * stored beside it in the artifact, and the instructions in execution order.
 */
public record Program(
        List<ValueSpec> inputs, List<ValueSpec> outputs, List<String> constants, List<Instruction> instructions) {
    public Program {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        constants = List.copyOf(constants);
        instructions = List.copyOf(instructions);
    }
}
