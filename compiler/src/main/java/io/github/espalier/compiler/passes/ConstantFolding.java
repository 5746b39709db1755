package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.ConstantValue;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.ir.TensorType;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.KernelRegistry;
import io.github.espalier.runtime.exec.OperatorArity;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs, at compile time, every deterministic node whose inputs are all constants, with the runtime's
 * own kernels, and replaces it by initializers; also folds {@code Shape} of a value whose shape is
 * static. Results above {@value #MAX_FOLDED_ELEMENTS} elements are left to run time so the artifact
 * does not grow, and a node that cannot be run here (no kernel, a kernel error) is simply kept.
 */
public final class ConstantFolding implements Pass {
    static final long MAX_FOLDED_ELEMENTS = 1 << 20;
    private static final System.Logger LOG = System.getLogger(ConstantFolding.class.getName());
    private static final Set<String> NONDETERMINISTIC = Set.of(
            "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Multinomial", "Bernoulli");

    private final Function<Instruction, Kernel> kernels;

    public ConstantFolding() {
        this(KernelRegistry::create);
    }

    /** Folds with the given kernels (tests supply their own while the runtime's set is incomplete). */
    ConstantFolding(Function<Instruction, Kernel> kernels) {
        this.kernels = kernels;
    }

    @Override
    public Graph apply(Graph graph) {
        Map<String, TensorType> types = new ShapeInference().apply(graph).valueTypes();
        Set<String> graphOutputs = graph.outputs().stream().map(ValueSpec::name).collect(Collectors.toSet());
        Map<String, Tensor> constants = new LinkedHashMap<>(graph.initializers());
        List<Node> kept = new ArrayList<>();
        try (ComputePool pool = ComputePool.create(1)) {
            ExecutionContext context = new ExecutionContext(pool);
            for (Node node : graph.nodes()) {
                Map<String, Tensor> folded = node.outputs().stream().anyMatch(graphOutputs::contains)
                        ? null
                        : fold(node, constants, types, context);
                if (folded == null) {
                    kept.add(node);
                } else {
                    constants.putAll(folded);
                }
            }
        }
        return graph.withNodesAndInitializers(kept, constants);
    }

    private Map<String, Tensor> fold(
            Node node, Map<String, Tensor> constants, Map<String, TensorType> types, ExecutionContext context) {
        if (node.opType().equals("Shape")) {
            TensorType input = types.get(node.input(0));
            if (input != null && input.isStatic()) {
                return Map.of(node.output(0), staticShape(node, input.shape()));
            }
        }
        if (node.opType().equals("Constant")) {
            return Map.of(node.output(0), ConstantValue.of(node));
        }
        if (NONDETERMINISTIC.contains(node.opType())
                || !node.inputs().stream().allMatch(in -> in.isEmpty() || constants.containsKey(in))
                || node.outputs().stream().map(types::get).anyMatch(ConstantFolding::tooLarge)) {
            return null;
        }
        try {
            return run(node, constants, context);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Not folding " + node + ": " + e.getMessage());
            return null;
        }
    }

    private Map<String, Tensor> run(Node node, Map<String, Tensor> constants, ExecutionContext context) {
        Instruction instruction =
                new Instruction(node.name(), node.opType(), node.inputs(), node.outputs(), node.attributes());
        // A malformed node must not fold away (a kernel may ignore an extra input): binding refuses it later.
        OperatorArity.check(instruction);
        Kernel kernel = kernels.apply(instruction);
        Tensor[] inputs = node.inputs().stream()
                .map(in -> in.isEmpty() ? null : constants.get(in))
                .toArray(Tensor[]::new);
        Tensor[] results = kernel.execute(inputs, context);
        Map<String, Tensor> folded = new HashMap<>();
        for (int i = 0; i < node.outputs().size(); i++) {
            String output = node.output(i);
            if (output.isEmpty()) {
                continue;
            }
            if (i >= results.length || results[i] == null || results[i].elementCount() > MAX_FOLDED_ELEMENTS) {
                return null;
            }
            folded.put(output, results[i]);
        }
        return folded;
    }

    private static boolean tooLarge(TensorType type) {
        if (type == null || !type.isStatic()) {
            return false;
        }
        double count = 1; // a double cannot overflow, and is exact enough for a threshold
        for (Dim dim : type.shape()) {
            count *= dim.size();
        }
        return count > MAX_FOLDED_ELEMENTS;
    }

    private static Tensor staticShape(Node node, List<Dim> shape) {
        int rank = shape.size();
        int start = clamp(node.attributes().getLong("start", 0), rank);
        int end = Math.max(start, clamp(node.attributes().getLong("end", rank), rank));
        long[] sizes = shape.subList(start, end).stream().mapToLong(Dim::size).toArray();
        return Tensor.ofLongs(sizes, sizes.length);
    }

    private static int clamp(long index, int rank) {
        long i = index < 0 ? index + rank : index;
        return (int) Math.max(0, Math.min(rank, i));
    }
}
