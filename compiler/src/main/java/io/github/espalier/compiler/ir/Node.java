package io.github.espalier.compiler.ir;

import io.github.espalier.runtime.program.Attributes;
import java.util.List;

/**
 * One operation of the graph IR. {@code opType} is an ONNX operator type, or an Espalier fused operator
 * with the {@code espalier.} prefix. Values are referred to by name; an absent optional input is "".
 */
public record Node(String name, String opType, List<String> inputs, List<String> outputs, Attributes attributes) {
    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public String input(int index) {
        return index < inputs.size() ? inputs.get(index) : "";
    }

    public String output(int index) {
        return outputs.get(index);
    }

    public Node withInputs(List<String> newInputs) {
        return new Node(name, opType, newInputs, outputs, attributes);
    }

    @Override
    public String toString() {
        return opType + " '" + name + "'";
    }
}
