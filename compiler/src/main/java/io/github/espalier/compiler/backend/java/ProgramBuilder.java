package io.github.espalier.compiler.backend.java;

import io.github.espalier.compiler.CompilationException;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Lowers optimized graph IR to the runtime's program for the pure-Java backend. */
public final class ProgramBuilder {
    private ProgramBuilder() {}

    public static Program build(Graph graph) {
        Set<String> available = new HashSet<>(graph.initializers().keySet());
        graph.inputs().forEach(input -> available.add(input.name()));
        Set<String> read = new HashSet<>();
        List<Instruction> instructions = new ArrayList<>();
        for (Node node : graph.nodes()) {
            for (String input : node.inputs()) {
                if (!input.isEmpty() && !available.contains(input)) {
                    throw new CompilationException(node + " reads value '" + input
                            + "', which no earlier node, graph input or constant provides; the graph is not in"
                            + " topological order or a pass lost a value");
                }
                read.add(input);
            }
            for (String output : node.outputs()) {
                if (!output.isEmpty() && !available.add(output)) {
                    throw new CompilationException(node + " writes value '" + output + "', which an earlier node, graph"
                            + " input or constant already provides; ONNX assigns each value once, so the model file is"
                            + " corrupt");
                }
            }
            instructions.add(
                    new Instruction(node.name(), node.opType(), node.inputs(), node.outputs(), node.attributes()));
        }
        for (ValueSpec output : graph.outputs()) {
            if (!available.contains(output.name())) {
                throw new CompilationException(
                        "Graph output '" + output.name() + "' is produced by no node, input or constant");
            }
            read.add(output.name());
        }
        List<String> constants =
                graph.initializers().keySet().stream().filter(read::contains).toList();
        return new Program(graph.inputs(), graph.outputs(), constants, instructions);
    }
}
