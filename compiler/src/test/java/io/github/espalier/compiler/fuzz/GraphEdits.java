package io.github.espalier.compiler.fuzz;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Edits that keep an ONNX graph a valid protobuf but make it hostile to the compiler: absurd dims and
 * ranks, cycles and dangling values, duplicate producers, swapped operators, floods of attributes, long
 * chains. Indices wrap around, so every edit applies to any graph.
 */
final class GraphEdits {
    private static final long[] DIMS = {-1, 0, 1, 3, 4, 1L << 31, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final List<String> OPS = List.of(
            "MatMul",
            "Add",
            "Mul",
            "Softmax",
            "Reshape",
            "Transpose",
            "Gather",
            "Concat",
            "Unsqueeze",
            "Squeeze",
            "LayerNormalization",
            "Gelu",
            "Erf",
            "Sqrt",
            "Div",
            "ReduceMean",
            "Cast",
            "Shape",
            "Slice",
            "Where",
            "Expand",
            "Constant",
            "Identity",
            "Tanh",
            "Pow",
            "Sub",
            "NoSuchOp");
    private static final List<String> CHAIN_OPS = List.of("Identity", "Tanh", "Sqrt", "Cast");
    private static final List<String> ATTRIBUTES =
            List.of("axis", "axes", "perm", "value", "to", "epsilon", "keepdims");

    private GraphEdits() {}

    sealed interface Edit {
        void apply(OnnxMl.GraphProto.Builder graph);
    }

    /** Sets one dim of an initializer's declared shape (its data stays as it was). */
    record InitializerDim(int tensor, int axis, long size) implements Edit {
        @Override
        public void apply(OnnxMl.GraphProto.Builder graph) {
            OnnxMl.TensorProto.Builder t = graph.getInitializerBuilder(wrap(tensor, graph.getInitializerCount()));
            if (t.getDimsCount() == 0) {
                t.addDims(size);
            } else {
                t.setDims(wrap(axis, t.getDimsCount()), size);
            }
        }
    }

    /** Appends many size-1 (or one odd-sized) dims to an initializer: an absurd rank. */
    record InitializerRank(int tensor, int extraDims, long size) implements Edit {
        @Override
        public void apply(OnnxMl.GraphProto.Builder graph) {
            OnnxMl.TensorProto.Builder t = graph.getInitializerBuilder(wrap(tensor, graph.getInitializerCount()));
            t.addAllDims(Collections.nCopies(extraDims, 1L)).addDims(size);
        }
    }

    /** Sets a dim of a graph input or output. */
    record ValueDim(boolean input, int axis, long size) implements Edit {
        @Override
        public void apply(OnnxMl.GraphProto.Builder graph) {
            OnnxMl.ValueInfoProto.Builder value = input ? graph.getInputBuilder(0) : graph.getOutputBuilder(0);
            OnnxMl.TensorShapeProto.Builder shape =
                    value.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
            shape.getDimBuilder(wrap(axis, shape.getDimCount())).clearDimParam().setDimValue(size);
        }
    }

    /** Points a node's input at another value, which may come later (a cycle) or not exist. */
    record Rewire(int node, int input, int target) implements Edit {
        @Override
        public void apply(OnnxMl.GraphProto.Builder graph) {
            OnnxMl.NodeProto.Builder n = graph.getNodeBuilder(wrap(node, graph.getNodeCount()));
            List<String> names = valueNames(graph);
            String name = names.get(wrap(target, names.size()));
            if (n.getInputCount() == 0) {
                n.addInput(name);
            } else {
                n.setInput(wrap(input, n.getInputCount()), name);
            }
        }
    }

    /** Renames a node's output to another value's name: two producers, or a graph output lost. */
    record Rename(int node, int target) implements Edit {
        @Override
        public void apply(OnnxMl.GraphProto.Builder graph) {
            OnnxMl.NodeProto.Builder n = graph.getNodeBuilder(wrap(node, graph.getNodeCount()));
            List<String> names = valueNames(graph);
            n.setOutput(0, names.get(wrap(target, names.size())));
        }
    }

    record SwapOp(int node, String op) implements Edit {
        @Override
        public void apply(OnnxMl.GraphProto.Builder graph) {
            graph.getNodeBuilder(wrap(node, graph.getNodeCount())).setOpType(op);
        }
    }

    /** Sets an attribute a kernel may read, with a boundary value, or floods a node with attributes. */
    record SetAttribute(int node, String name, long value, int copies) implements Edit {
        @Override
        public void apply(OnnxMl.GraphProto.Builder graph) {
            OnnxMl.NodeProto.Builder n = graph.getNodeBuilder(wrap(node, graph.getNodeCount()));
            OnnxMl.AttributeProto.Builder ints = OnnxMl.AttributeProto.newBuilder()
                    .setType(AttributeType.INTS)
                    .addAllInts(Collections.nCopies(copies, value));
            n.addAttribute(ints.setName(name + "s_" + copies));
            n.addAttribute(OnnxMl.AttributeProto.newBuilder()
                    .setName(name)
                    .setType(AttributeType.INT)
                    .setI(value));
        }
    }

    record DropNode(int node) implements Edit {
        @Override
        public void apply(OnnxMl.GraphProto.Builder graph) {
            if (graph.getNodeCount() > 1) {
                graph.removeNode(wrap(node, graph.getNodeCount()));
            }
        }
    }

    /** Inserts a long chain of unary nodes before the graph output: deep graphs for recursive passes. */
    record Chain(String op, int length) implements Edit {
        @Override
        public void apply(OnnxMl.GraphProto.Builder graph) {
            OnnxMl.NodeProto.Builder last = graph.getNodeBuilder(graph.getNodeCount() - 1);
            String end = last.getOutput(0);
            String previous = end + "_chain0";
            last.setOutput(0, previous);
            for (int i = 1; i <= length; i++) {
                String next = i == length ? end : end + "_chain" + i;
                graph.addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType(op)
                        .setName("chain" + i)
                        .addInput(previous)
                        .addOutput(next));
                previous = next;
            }
        }
    }

    /** One to four edits, applied in order. */
    static List<Edit> edits(Random random) {
        List<Edit> edits = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            edits.add(edit(random));
        }
        return edits;
    }

    private static Edit edit(Random random) {
        int a = random.nextInt(16);
        int b = random.nextInt(16);
        return switch (random.nextInt(9)) {
            case 0 -> new InitializerDim(a, b, dim(random));
            case 1 -> new InitializerRank(a, 1 + random.nextInt(100_000), dim(random));
            case 2 -> new ValueDim(random.nextBoolean(), a, dim(random));
            case 3 -> new Rewire(a, b, random.nextInt(16));
            case 4 -> new Rename(a, b);
            case 5 -> new SwapOp(a, OPS.get(random.nextInt(OPS.size())));
            case 6 ->
                new SetAttribute(
                        a, ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size())), dim(random), random.nextInt(200_000));
            case 7 -> new DropNode(a);
            default -> new Chain(CHAIN_OPS.get(random.nextInt(CHAIN_OPS.size())), 1 + random.nextInt(20_000));
        };
    }

    private static long dim(Random random) {
        return random.nextBoolean() ? DIMS[random.nextInt(DIMS.length)] : random.nextLong();
    }

    private static List<String> valueNames(OnnxMl.GraphProto.Builder graph) {
        List<String> names = new ArrayList<>();
        graph.getInputList().forEach(v -> names.add(v.getName()));
        graph.getInitializerList().forEach(t -> names.add(t.getName()));
        graph.getNodeList().forEach(n -> names.addAll(n.getOutputList()));
        return names;
    }

    private static int wrap(int index, int size) {
        return Math.floorMod(index, size);
    }
}
