package io.github.espalier.runtime.exec;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import io.github.espalier.runtime.exec.kernels.Opset;
import io.github.espalier.runtime.program.Instruction;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * How many inputs and outputs each operator of the runtime takes: ONNX's minimum and maximum, optional
 * ones included, by opset; for Espalier's fused operators, what their kernels read. Checked when an
 * instruction is bound, so a malformed node fails the build (or the load of a hand-made artifact) with a
 * clear message instead of failing inside its kernel at run time. Inputs past the minimum are optional
 * and may be left out with an empty name; a variadic input list (Concat) has no optional entries.
 */
public final class OperatorArity {
    private static final int UNBOUNDED = Integer.MAX_VALUE;
    private static final long FIRST_OPSET = 1;

    /** Per operator, its arity by the first opset that defines it. */
    private static final Map<String, NavigableMap<Long, Arity>> TABLE = table();

    private record Arity(int minInputs, int maxInputs, int minOutputs, int maxOutputs) {
        static Arity inputs(int min, int max) {
            return new Arity(min, max, 1, 1);
        }

        Arity outputs(int min, int max) {
            return new Arity(minInputs, maxInputs, min, max);
        }
    }

    private OperatorArity() {}

    /** The operators that have an arity; {@link KernelRegistry} registers no kernel without one. */
    public static Set<String> operators() {
        return Collections.unmodifiableSet(TABLE.keySet());
    }

    /**
     * Refuses an instruction whose input or output count does not fit its operator, or that leaves out
     * (with an empty name) an input its operator requires. An operator without an arity is left to
     * {@link KernelRegistry}, which refuses it as unsupported.
     *
     * @throws EspalierException naming the operator, the node, what it takes and what it has
     */
    public static void check(Instruction instruction) {
        NavigableMap<Long, Arity> versions = TABLE.get(instruction.op());
        if (versions == null) {
            return;
        }
        long opset = Opset.of(instruction.attributes());
        Map.Entry<Long, Arity> atOpset = versions.floorEntry(opset);
        Arity arity = (atOpset == null ? versions.firstEntry() : atOpset).getValue();
        String where = versions.size() > 1 ? " at opset " + opset : "";
        List<String> inputs = instruction.inputs();
        if (inputs.size() < arity.minInputs() || inputs.size() > arity.maxInputs()) {
            throw malformed(
                    instruction,
                    "takes " + count(arity.minInputs(), arity.maxInputs(), "input") + where + " but has "
                            + inputs.size());
        }
        int required = arity.maxInputs() == UNBOUNDED ? inputs.size() : arity.minInputs();
        for (int i = 0; i < required; i++) {
            if (inputs.get(i).isEmpty()) {
                throw malformed(instruction, "leaves out its input " + (i + 1) + " (an empty name), which it requires");
            }
        }
        int outputs = instruction.outputs().size();
        if (outputs < arity.minOutputs() || outputs > arity.maxOutputs()) {
            throw malformed(
                    instruction,
                    "produces " + count(arity.minOutputs(), arity.maxOutputs(), "output") + where + " but has "
                            + outputs);
        }
    }

    private static EspalierException malformed(Instruction instruction, String problem) {
        String remedy = instruction.op().startsWith("espalier.")
                ? "espalier.* operators are written by the Espalier compiler; compile the model again with it"
                : "the ONNX graph is malformed; re-export the model (onnx.checker finds this) and compile it again";
        return new EspalierException(
                "Operator " + instruction.op() + " of node '" + instruction.name() + "' " + problem + "; " + remedy);
    }

    private static String count(int min, int max, String what) {
        String range = min == max ? Integer.toString(min) : max == UNBOUNDED ? "at least " + min : min + " to " + max;
        boolean one = (max == UNBOUNDED ? min : max) == 1;
        return range + " " + what + (one ? "" : "s");
    }

    private static Map<String, NavigableMap<Long, Arity>> table() {
        Map<String, NavigableMap<Long, Arity>> table = new HashMap<>();
        for (String op : List.of(
                "Sqrt",
                "Erf",
                "Tanh",
                "Relu",
                "Sigmoid",
                "Exp",
                "Gelu",
                "Neg",
                "Not",
                "Cast",
                "Identity",
                "Shape",
                "ConstantOfShape",
                "Transpose",
                "Softmax",
                FusedKernels.GELU)) {
            put(table, op, FIRST_OPSET, Arity.inputs(1, 1));
        }
        // Reshape took its shape as an attribute before opset 5; the kernel reads only the input.
        for (String op : List.of(
                "Add", "Sub", "Mul", "Div", "Pow", "Equal", "Less", "Greater", "MatMul", "Gather", "Expand",
                "Reshape")) {
            put(table, op, FIRST_OPSET, Arity.inputs(2, 2));
        }
        put(table, "Where", FIRST_OPSET, Arity.inputs(3, 3));
        put(table, "Range", FIRST_OPSET, Arity.inputs(3, 3));
        put(table, "Constant", FIRST_OPSET, Arity.inputs(0, 0));
        put(table, "Concat", FIRST_OPSET, Arity.inputs(1, UNBOUNDED));
        // Axes, starts and ends moved from attributes to inputs in these opsets.
        put(table, "Slice", FIRST_OPSET, Arity.inputs(1, 1));
        put(table, "Slice", 10, Arity.inputs(3, 5));
        put(table, "Squeeze", FIRST_OPSET, Arity.inputs(1, 1));
        put(table, "Squeeze", 13, Arity.inputs(1, 2));
        put(table, "Unsqueeze", FIRST_OPSET, Arity.inputs(1, 1));
        put(table, "Unsqueeze", 13, Arity.inputs(2, 2));
        put(table, "ReduceSum", FIRST_OPSET, Arity.inputs(1, 1));
        put(table, "ReduceSum", 13, Arity.inputs(1, 2));
        put(table, "ReduceMean", FIRST_OPSET, Arity.inputs(1, 1));
        put(table, "ReduceMean", 18, Arity.inputs(1, 2));
        put(table, "Split", FIRST_OPSET, Arity.inputs(1, 2).outputs(1, UNBOUNDED));
        put(table, "Split", 2, Arity.inputs(1, 1).outputs(1, UNBOUNDED));
        put(table, "Split", 13, Arity.inputs(1, 2).outputs(1, UNBOUNDED));
        put(table, "Gemm", FIRST_OPSET, Arity.inputs(3, 3));
        put(table, "Gemm", 11, Arity.inputs(2, 3));
        put(table, "LayerNormalization", FIRST_OPSET, Arity.inputs(2, 3).outputs(1, 3));
        put(table, "DequantizeLinear", FIRST_OPSET, Arity.inputs(2, 3));
        put(table, "DynamicQuantizeLinear", FIRST_OPSET, Arity.inputs(1, 1).outputs(3, 3));
        put(table, "MatMulInteger", FIRST_OPSET, Arity.inputs(2, 4));
        put(table, FusedKernels.LAYER_NORM, FIRST_OPSET, Arity.inputs(2, 4));
        put(table, FusedKernels.MATMUL_BIAS, FIRST_OPSET, Arity.inputs(2, 3));
        put(table, FusedKernels.ATTENTION, FIRST_OPSET, Arity.inputs(3, 4));
        return Collections.unmodifiableMap(table);
    }

    private static void put(Map<String, NavigableMap<Long, Arity>> table, String op, long sinceOpset, Arity arity) {
        table.computeIfAbsent(op, key -> new TreeMap<>()).put(sinceOpset, arity);
    }
}
