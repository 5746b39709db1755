package io.github.espalier.compiler.search;

import io.github.espalier.compiler.backend.java.ProgramBuilder;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.TensorType;
import io.github.espalier.compiler.passes.DeadCodeElimination;
import io.github.espalier.compiler.passes.Optimizer;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.Executor;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a fused graph, or a part of it, on the runtime's own kernels, returning chosen values: how the
 * search captures activations and embeds text with exactly the arithmetic the compiled model will use.
 */
public final class GraphRunner {
    private final Executor executor;
    private final List<ValueSpec> inputs;

    private GraphRunner(Graph lowered, ComputePool pool) {
        this.executor = new Executor(ProgramBuilder.build(lowered), lowered.initializers(), pool);
        this.inputs = lowered.inputs();
    }

    /** Runs {@code fused} up to the given values, which become its outputs. */
    public static GraphRunner computing(Graph fused, List<String> values, ComputePool pool) {
        Graph trimmed = new DeadCodeElimination().apply(withOutputs(fused, values));
        return new GraphRunner(Optimizer.lowering().optimize(trimmed), pool);
    }

    /**
     * Runs part of one encoder layer of {@code fused} alone: {@code given} values of the layer (its input
     * hidden state and attention mask, or values inside it) are read as graph inputs, and only the nodes
     * between them and {@code values} run.
     */
    static GraphRunner layer(
            Graph fused, EncoderLayer layer, List<String> given, List<String> values, ComputePool pool) {
        List<String> names = layer.nodes().stream().map(node -> node.name()).toList();
        Graph part = new Graph(
                fused.name(),
                given.stream().map(value -> spec(fused, value)).toList(),
                List.of(),
                fused.nodes().stream()
                        .filter(node -> names.contains(node.name()))
                        .filter(node -> node.outputs().stream().noneMatch(given::contains))
                        .toList(),
                fused.initializers(),
                fused.valueTypes());
        return computing(part, values, pool);
    }

    /**
     * Runs {@code fused} from encoder layer {@code first} on, reading that layer's input hidden state and
     * attention mask as graph inputs; the layers before it, which only fed those, are left out.
     */
    static GraphRunner from(Graph fused, EncoderLayer first, List<String> values, ComputePool pool) {
        Set<String> given = Set.of(first.input(), first.mask());
        Graph part = new Graph(
                fused.name(),
                List.of(spec(fused, first.input()), spec(fused, first.mask())),
                List.of(),
                fused.nodes().stream()
                        .filter(node -> node.outputs().stream().noneMatch(given::contains))
                        .toList(),
                fused.initializers(),
                fused.valueTypes());
        return computing(part, values, pool);
    }

    public List<ValueSpec> inputs() {
        return inputs;
    }

    public Map<String, Tensor> run(Map<String, Tensor> values) {
        return executor.run(values);
    }

    private static Graph withOutputs(Graph graph, List<String> values) {
        List<ValueSpec> outputs =
                values.stream().map(value -> spec(graph, value)).toList();
        return new Graph(
                graph.name(), graph.inputs(), outputs, graph.nodes(), graph.initializers(), graph.valueTypes());
    }

    private static ValueSpec spec(Graph graph, String value) {
        TensorType type = graph.valueTypes().get(value);
        if (type == null) {
            return new ValueSpec(value, DType.FLOAT, List.<Dim>of());
        }
        return new ValueSpec(value, type.dtype(), type.hasShape() ? type.shape() : List.of());
    }
}
