package io.github.espalier.compiler.passes.fusion;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.ir.TensorType;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Read-only queries that pattern matchers ask of a graph: who produces and who reads a value, and what a
 * constant value holds (an initializer, or the {@code value} of a {@code Constant} node).
 */
public final class GraphView {
    private final Graph graph;
    private final Map<String, Node> producers;
    private final Map<String, List<Node>> consumers;
    private final Set<String> graphOutputs;

    public GraphView(Graph graph) {
        this.graph = graph;
        this.producers = graph.producers();
        this.consumers = graph.consumers();
        this.graphOutputs = graph.outputs().stream().map(ValueSpec::name).collect(Collectors.toSet());
    }

    public Graph graph() {
        return graph;
    }

    /** The node producing {@code value} if it has operator {@code opType}, else null. */
    public Node producer(String value, String opType) {
        Node node = producers.get(value);
        return node != null && node.opType().equals(opType) ? node : null;
    }

    public List<Node> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    public boolean isGraphOutput(String value) {
        return graphOutputs.contains(value);
    }

    /** The only reader of {@code value}, if it has operator {@code opType} and the value is not a graph output. */
    public Node soleConsumer(String value, String opType) {
        List<Node> readers = consumers(value);
        if (readers.size() != 1 || isGraphOutput(value)) {
            return null;
        }
        Node node = readers.getFirst();
        return node.opType().equals(opType) ? node : null;
    }

    /**
     * The one reader of {@code value} with operator {@code opType}, or null if there is none or several.
     * Other readers are allowed (the rewriter checks they die with the pattern).
     */
    public Node uniqueConsumerOfType(String value, String opType) {
        List<Node> matching = consumers(value).stream()
                .filter(node -> node.opType().equals(opType))
                .toList();
        return matching.size() == 1 ? matching.getFirst() : null;
    }

    /** The constant tensor named {@code value}, or null when the value is computed at run time. */
    public Tensor constant(String value) {
        Tensor initializer = graph.initializers().get(value);
        if (initializer != null) {
            return initializer;
        }
        Node node = producer(value, "Constant");
        return node != null && node.attributes().asMap().get("value") instanceof Tensor tensor ? tensor : null;
    }

    /** The value of a one-element float constant, or NaN when {@code value} is not one. */
    public double scalar(String value) {
        Tensor tensor = constant(value);
        if (tensor == null || tensor.elementCount() != 1) {
            return Double.NaN;
        }
        return switch (tensor.dtype()) {
            case FLOAT -> tensor.getFloat(0);
            case DOUBLE -> tensor.data().get(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 0);
            default -> Double.NaN;
        };
    }

    /** Whether {@code value} is a one-element float constant within {@code tolerance} of {@code expected}. */
    public boolean isScalar(String value, double expected, double tolerance) {
        double actual = scalar(value);
        return Math.abs(actual - expected) <= tolerance;
    }

    /** The integers of an INT64 or INT32 constant, or null. */
    public long[] integers(String value) {
        Tensor tensor = constant(value);
        if (tensor == null) {
            return null;
        }
        if (tensor.dtype() == DType.INT64) {
            return tensor.toLongArray();
        }
        if (tensor.dtype() == DType.INT32) {
            long[] result = new long[Math.toIntExact(tensor.elementCount())];
            for (int i = 0; i < result.length; i++) {
                result[i] = tensor.getInt(i);
            }
            return result;
        }
        return null;
    }

    /** The input of a two-input node that is not {@code known}, or null if {@code known} is not one of them. */
    public static String otherInput(Node node, String known) {
        if (node.inputs().size() != 2) {
            return null;
        }
        if (node.input(0).equals(known)) {
            return node.input(1);
        }
        return node.input(1).equals(known) ? node.input(0) : null;
    }

    /** The rank shape inference found for {@code value}, or -1 when unknown. */
    public int rank(String value) {
        List<Dim> shape = shape(value);
        if (shape != null) {
            return shape.size();
        }
        Tensor tensor = constant(value);
        return tensor == null ? -1 : tensor.rank();
    }

    /** The shape shape inference found for {@code value} (or a graph input declares), or null when unknown. */
    public List<Dim> shape(String value) {
        TensorType type = graph.valueTypes().get(value);
        if (type != null && type.hasShape()) {
            return type.shape();
        }
        return graph.inputs().stream()
                .filter(input -> input.name().equals(value))
                .map(ValueSpec::shape)
                .findFirst()
                .orElse(null);
    }

    /** The size of {@code axis} of {@code value} when shape inference found a fixed size, else -1. */
    public long staticDim(String value, int axis) {
        TensorType type = graph.valueTypes().get(value);
        if (type == null || !type.hasShape() || axis >= type.shape().size()) {
            return -1;
        }
        var dim = type.shape().get(axis);
        return dim.isSymbolic() ? -1 : dim.size();
    }

    /** Whether {@code axis} names the last axis of a value of rank {@code rank} (which may be unknown, -1). */
    public static boolean isLastAxis(long axis, int rank) {
        return axis == -1 || (rank > 0 && axis == rank - 1);
    }
}
