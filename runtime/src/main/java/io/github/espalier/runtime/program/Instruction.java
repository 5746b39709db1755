package io.github.espalier.runtime.program;

import java.util.List;

/**
 * One operation of a compiled program. {@code op} is an ONNX operator type (domain "") or one of
 * Espalier's fused operators, named with the {@code espalier.} prefix. An absent optional input is
 * the empty string, as in ONNX.
 */
public record Instruction(String name, String op, List<String> inputs, List<String> outputs, Attributes attributes) {
    public Instruction {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
