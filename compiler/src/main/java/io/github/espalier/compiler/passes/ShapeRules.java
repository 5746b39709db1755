package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.ConstantValue;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.ir.TensorType;
import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape rule of each operator. Besides types it tracks the contents of small integer tensors
 * (shape vectors built from {@code Shape}, {@code Gather}, {@code Unsqueeze}, {@code Concat}), whose
 * elements may be symbols, so that a {@code Reshape} fed by such a chain still gets a precise shape.
 */
final class ShapeRules {
    private static final int TRACKED_VALUE_LIMIT = 64;
    private static final Set<String> SAME_AS_INPUT = Set.of(
            "Erf",
            "Sqrt",
            "Tanh",
            "Relu",
            "Gelu",
            "Softmax",
            "Identity",
            "Neg",
            "Exp",
            "Log",
            "Abs",
            "Reciprocal",
            "Sigmoid",
            "Dropout",
            "LayerNormalization",
            "LogSoftmax",
            "Clip",
            "FastGelu");
    private static final Set<String> ELEMENTWISE = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Mod");
    private static final Set<String> COMPARISONS = Set.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual");
    private static final Set<String> REDUCTIONS =
            Set.of("ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd");

    private final Map<String, TensorType> types;
    private final Map<String, List<SymbolicInt>> values = new HashMap<>();
    private int unknowns;

    ShapeRules(Map<String, TensorType> types) {
        this.types = types;
    }

    void addConstant(String name, Tensor tensor) {
        types.put(name, new TensorType(tensor.dtype(), dims(tensor.shape())));
        trackContents(name, tensor);
    }

    /** What an operator without a rule gets: its first input's element type, shape unknown. */
    TensorType fallback(Node node) {
        for (String input : node.inputs()) {
            if (types.get(input) != null) {
                return new TensorType(types.get(input).dtype(), null);
            }
        }
        return new TensorType(DType.FLOAT, null);
    }

    List<TensorType> infer(Node node) {
        List<TensorType> result = rule(node);
        return result == null ? List.of() : result;
    }

    private List<TensorType> rule(Node node) {
        String op = node.opType();
        if (SAME_AS_INPUT.contains(op)) {
            return one(dtype(node, 0), shape(node, 0));
        }
        if (ELEMENTWISE.contains(op)) {
            return one(dtype(node, 0), broadcast(node, 0, node.inputs().size()));
        }
        if (COMPARISONS.contains(op)) {
            return one(DType.BOOL, broadcast(node, 0, 2));
        }
        if (REDUCTIONS.contains(op)) {
            return one(dtype(node, 0), reduce(node));
        }
        return switch (op) {
            case "Cast" -> castTo(node);
            case "Constant" -> constant(node);
            case "Where" -> one(dtype(node, 1), broadcast(node, 0, 3));
            case "Concat" -> one(dtype(node, 0), concat(node));
            case "Gather" -> one(dtype(node, 0), gather(node));
            case "MatMul" -> one(dtype(node, 0), matMul(node));
            case "MatMulInteger" -> one(DType.INT32, matMul(node));
            case "Gemm" -> one(dtype(node, 0), gemm(node));
            case "Reshape" -> one(dtype(node, 0), reshape(node));
            case "Shape" -> shapeOf(node);
            case "Slice" -> one(dtype(node, 0), slice(node));
            case "Transpose" -> one(dtype(node, 0), transpose(node));
            case "Unsqueeze" -> one(dtype(node, 0), unsqueeze(node));
            case "Squeeze" -> one(dtype(node, 0), squeeze(node));
            case "DequantizeLinear" -> one(DType.FLOAT, shape(node, 0));
            case "DynamicQuantizeLinear" ->
                List.of(
                        new TensorType(DType.UINT8, shape(node, 0)),
                        new TensorType(DType.FLOAT, List.of()),
                        new TensorType(DType.UINT8, List.of()));
            case "Expand" -> one(dtype(node, 0), expand(node));
            case "ConstantOfShape" -> one(constantOfShapeType(node), dimsOf(values.get(node.input(0))));
            case "Range" -> one(dtype(node, 0), range(node));
            case "Split" -> split(node);
            default -> null;
        };
    }

    // ---- helpers

    private static List<TensorType> one(DType dtype, List<Dim> shape) {
        return dtype == null ? null : List.of(new TensorType(dtype, shape));
    }

    private DType dtype(Node node, int input) {
        TensorType type = types.get(node.input(input));
        return type == null ? null : type.dtype();
    }

    private List<Dim> shape(Node node, int input) {
        TensorType type = types.get(node.input(input));
        return type == null ? null : type.shape();
    }

    private Dim unknown() {
        return Dim.symbol("?" + ++unknowns);
    }

    private static boolean isUnknown(Dim dim) {
        return dim.isSymbolic() && dim.symbol().startsWith("?");
    }

    private List<Dim> unknownDims(int rank) {
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            dims.add(unknown());
        }
        return dims;
    }

    private static List<Dim> dims(long[] shape) {
        List<Dim> dims = new ArrayList<>();
        for (long size : shape) {
            dims.add(Dim.of(size));
        }
        return dims;
    }

    private List<Dim> dimsOf(List<SymbolicInt> elements) {
        if (elements == null) {
            return null;
        }
        List<Dim> dims = new ArrayList<>();
        for (SymbolicInt element : elements) {
            dims.add(
                    element.known()
                            ? (element.value() >= 0 ? Dim.of(element.value()) : unknown())
                            : Dim.symbol(element.symbol()));
        }
        return dims;
    }

    /** The known integer contents of an input, or null when some element is not a known number. */
    private long[] constantInts(Node node, int input) {
        List<SymbolicInt> elements = values.get(node.input(input));
        if (elements == null || !elements.stream().allMatch(SymbolicInt::known)) {
            return null;
        }
        return elements.stream().mapToLong(SymbolicInt::value).toArray();
    }

    /** Integer lists given as an attribute (older opsets) or as a constant input (newer ones). */
    private long[] attributeOrInput(Node node, String attribute, int input) {
        long[] fromAttribute = node.attributes().getLongs(attribute, null);
        return fromAttribute != null ? fromAttribute : constantInts(node, input);
    }

    private static int axis(long axis, int rank) {
        return (int) (axis < 0 ? axis + rank : axis);
    }

    private void trackContents(String name, Tensor tensor) {
        if ((tensor.dtype() != DType.INT64 && tensor.dtype() != DType.INT32)
                || tensor.rank() > 1
                || tensor.elementCount() > TRACKED_VALUE_LIMIT) {
            return;
        }
        List<SymbolicInt> elements = new ArrayList<>();
        for (int i = 0; i < tensor.elementCount(); i++) {
            elements.add(new SymbolicInt(tensor.dtype() == DType.INT64 ? tensor.getLong(i) : tensor.getInt(i), null));
        }
        values.put(name, elements);
    }

    private void track(Node node, List<SymbolicInt> elements) {
        if (elements != null) {
            values.put(node.output(0), List.copyOf(elements));
        }
    }

    // ---- rules

    private List<TensorType> castTo(Node node) {
        DType to;
        try {
            to = DType.fromOnnxCode((int) node.attributes().getLong("to", 0));
        } catch (EspalierException e) {
            return null;
        }
        track(node, values.get(node.input(0)));
        return one(to, shape(node, 0));
    }

    private List<TensorType> constant(Node node) {
        Tensor tensor = ConstantValue.of(node);
        trackContents(node.output(0), tensor);
        return one(tensor.dtype(), dims(tensor.shape()));
    }

    private List<Dim> broadcast(Node node, int from, int to) {
        List<Dim> result = List.of();
        for (int i = from; i < to; i++) {
            List<Dim> shape = shape(node, i);
            if (shape == null) {
                return null;
            }
            result = broadcast(result, shape);
        }
        return result;
    }

    /** NumPy broadcasting; between two different symbols the declared one wins over an unknown one. */
    private static List<Dim> broadcast(List<Dim> a, List<Dim> b) {
        int rank = Math.max(a.size(), b.size());
        List<Dim> result = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            Dim x = i - (rank - a.size()) >= 0 ? a.get(i - (rank - a.size())) : Dim.of(1);
            Dim y = i - (rank - b.size()) >= 0 ? b.get(i - (rank - b.size())) : Dim.of(1);
            result.add(pick(x, y));
        }
        return result;
    }

    private static Dim pick(Dim x, Dim y) {
        if (x.equals(y) || y.equals(Dim.of(1))) {
            return x;
        }
        if (x.equals(Dim.of(1)) || isUnknown(x) || (x.isSymbolic() && !y.isSymbolic())) {
            return y;
        }
        return x;
    }

    private List<Dim> reduce(Node node) {
        List<Dim> in = shape(node, 0);
        if (in == null) {
            return null;
        }
        long[] axes = attributeOrInput(node, "axes", 1);
        if (axes == null && !node.input(1).isEmpty()) {
            return null;
        }
        boolean keepDims = node.attributes().getLong("keepdims", 1) != 0;
        boolean[] reduced = new boolean[in.size()];
        if (axes == null || axes.length == 0) {
            if (node.attributes().getLong("noop_with_empty_axes", 0) != 0) {
                return in;
            }
            Arrays.fill(reduced, true);
        } else {
            for (long a : axes) {
                reduced[axis(a, in.size())] = true;
            }
        }
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            if (!reduced[i]) {
                out.add(in.get(i));
            } else if (keepDims) {
                out.add(Dim.of(1));
            }
        }
        return out;
    }

    private List<Dim> concat(Node node) {
        List<Dim> first = shape(node, 0);
        if (first == null) {
            return null;
        }
        int axis = axis(node.attributes().getLong("axis", 0), first.size());
        long total = 0;
        List<SymbolicInt> contents = new ArrayList<>();
        for (String input : node.inputs()) {
            TensorType type = types.get(input);
            if (type == null || !type.hasShape() || type.shape().size() != first.size()) {
                return null;
            }
            Dim size = type.shape().get(axis);
            total = total < 0 || size.isSymbolic() ? -1 : total + size.size();
            List<SymbolicInt> elements = values.get(input);
            contents = contents == null || elements == null ? null : concat(contents, elements);
        }
        if (first.size() == 1) {
            track(node, contents);
        }
        List<Dim> out = new ArrayList<>(first);
        out.set(axis, total < 0 ? unknown() : Dim.of(total));
        return out;
    }

    private static List<SymbolicInt> concat(List<SymbolicInt> a, List<SymbolicInt> b) {
        List<SymbolicInt> result = new ArrayList<>(a);
        result.addAll(b);
        return result;
    }

    private List<Dim> gather(Node node) {
        List<Dim> data = shape(node, 0);
        List<Dim> indices = shape(node, 1);
        if (data == null || indices == null) {
            return null;
        }
        int axis = axis(node.attributes().getLong("axis", 0), data.size());
        List<SymbolicInt> contents = values.get(node.input(0));
        long[] picked = constantInts(node, 1);
        if (contents != null && picked != null && data.size() == 1) {
            List<SymbolicInt> elements = new ArrayList<>();
            for (long index : picked) {
                int i = axis(index, contents.size());
                if (i < 0 || i >= contents.size()) {
                    return null;
                }
                elements.add(contents.get(i));
            }
            track(node, elements);
        }
        List<Dim> out = new ArrayList<>(data.subList(0, axis));
        out.addAll(indices);
        out.addAll(data.subList(axis + 1, data.size()));
        return out;
    }

    private List<Dim> matMul(Node node) {
        List<Dim> a = shape(node, 0);
        List<Dim> b = shape(node, 1);
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
            return null;
        }
        List<Dim> left = a.size() == 1 ? List.of(Dim.of(1), a.get(0)) : a;
        List<Dim> right = b.size() == 1 ? List.of(b.get(0), Dim.of(1)) : b;
        List<Dim> out =
                new ArrayList<>(broadcast(left.subList(0, left.size() - 2), right.subList(0, right.size() - 2)));
        if (a.size() > 1) {
            out.add(left.get(left.size() - 2));
        }
        if (b.size() > 1) {
            out.add(right.get(right.size() - 1));
        }
        return out;
    }

    private List<Dim> gemm(Node node) {
        List<Dim> a = shape(node, 0);
        List<Dim> b = shape(node, 1);
        if (a == null || b == null || a.size() != 2 || b.size() != 2) {
            return null;
        }
        Dim m = a.get(node.attributes().getLong("transA", 0) != 0 ? 1 : 0);
        Dim n = b.get(node.attributes().getLong("transB", 0) != 0 ? 0 : 1);
        return List.of(m, n);
    }

    private List<Dim> reshape(Node node) {
        List<Dim> in = shape(node, 0);
        List<SymbolicInt> target = values.get(node.input(1));
        if (target == null) {
            List<Dim> targetShape = shape(node, 1);
            return targetShape != null
                            && targetShape.size() == 1
                            && !targetShape.get(0).isSymbolic()
                    ? unknownDims((int) targetShape.get(0).size())
                    : null;
        }
        boolean allowZero = node.attributes().getLong("allowzero", 0) != 0;
        List<Dim> out = new ArrayList<>();
        int inferred = -1;
        for (int i = 0; i < target.size(); i++) {
            SymbolicInt element = target.get(i);
            if (!element.known()) {
                out.add(Dim.symbol(element.symbol()));
            } else if (element.value() == 0 && !allowZero) {
                out.add(in != null && i < in.size() ? in.get(i) : unknown());
            } else if (element.value() == -1) {
                inferred = i;
                out.add(null);
            } else {
                out.add(element.value() >= 0 ? Dim.of(element.value()) : unknown());
            }
        }
        if (inferred >= 0) {
            out.set(inferred, inferredDim(in, out));
        }
        track(node, values.get(node.input(0)));
        return out;
    }

    /** The -1 of a Reshape: input dims left after cancelling the other output dims, divided out. */
    private Dim inferredDim(List<Dim> in, List<Dim> out) {
        if (in == null) {
            return unknown();
        }
        List<Dim> remaining = new ArrayList<>(in);
        long divisor = 1;
        for (Dim dim : out) {
            if (dim == null || remaining.remove(dim)) {
                continue;
            }
            if (dim.isSymbolic()) {
                return unknown();
            }
            divisor *= dim.size();
        }
        long product = 1;
        Dim symbolic = null;
        for (Dim dim : remaining) {
            if (!dim.isSymbolic()) {
                product *= dim.size();
            } else if (symbolic == null) {
                symbolic = dim;
            } else {
                return unknown();
            }
        }
        if (symbolic != null) {
            return product == divisor ? symbolic : unknown();
        }
        return divisor != 0 && product % divisor == 0 ? Dim.of(product / divisor) : unknown();
    }

    private List<TensorType> shapeOf(Node node) {
        List<Dim> in = shape(node, 0);
        if (in == null) {
            return one(DType.INT64, unknownDims(1));
        }
        int rank = in.size();
        int start = clamp(node.attributes().getLong("start", 0), rank);
        int end = clamp(node.attributes().getLong("end", rank), rank);
        List<Dim> picked = in.subList(start, Math.max(start, end));
        track(node, picked.stream().map(SymbolicInt::of).toList());
        return one(DType.INT64, List.of(Dim.of(picked.size())));
    }

    private static int clamp(long index, int rank) {
        long i = index < 0 ? index + rank : index;
        return (int) Math.max(0, Math.min(rank, i));
    }

    private List<Dim> slice(Node node) {
        List<Dim> in = shape(node, 0);
        if (in == null) {
            return null;
        }
        boolean attributeForm = node.attributes().has("starts");
        List<SymbolicInt> starts =
                attributeForm ? known(node.attributes().getLongs("starts", null)) : values.get(node.input(1));
        List<SymbolicInt> ends =
                attributeForm ? known(node.attributes().getLongs("ends", null)) : values.get(node.input(2));
        long[] axes = attributeForm ? node.attributes().getLongs("axes", null) : constantInts(node, 3);
        long[] steps = attributeForm ? null : constantInts(node, 4);
        if ((!attributeForm && !node.input(3).isEmpty() && axes == null)
                || (!attributeForm && !node.input(4).isEmpty() && steps == null)) {
            return unknownDims(in.size());
        }
        List<Dim> out = new ArrayList<>(in);
        if (starts == null || ends == null) {
            for (int i = 0; i < out.size(); i++) {
                if (axes == null || contains(axes, i, in.size())) {
                    out.set(i, unknown());
                }
            }
            return out;
        }
        for (int k = 0; k < starts.size(); k++) {
            int axis = axes == null ? k : axis(axes[k], in.size());
            long step = steps == null ? 1 : steps[k];
            out.set(axis, slicedDim(in.get(axis), starts.get(k), ends.get(k), step));
        }
        trackSlice(node, starts.get(0), ends.get(0), steps == null ? 1 : steps[0]);
        return out;
    }

    /** Slicing a shape vector, as in {@code Shape(x)[0:2]}, keeps the sliced elements' values. */
    private void trackSlice(Node node, SymbolicInt start, SymbolicInt end, long step) {
        List<SymbolicInt> contents = values.get(node.input(0));
        if (contents != null && start.known() && end.known() && step == 1) {
            int from = clamp(start.value(), contents.size());
            int to = Math.max(from, clamp(end.value(), contents.size()));
            track(node, contents.subList(from, to));
        }
    }

    private static List<SymbolicInt> known(long[] numbers) {
        return numbers == null
                ? null
                : Arrays.stream(numbers).mapToObj(v -> new SymbolicInt(v, null)).toList();
    }

    private static boolean contains(long[] axes, int axis, int rank) {
        for (long a : axes) {
            if (axis(a, rank) == axis) {
                return true;
            }
        }
        return false;
    }

    private Dim slicedDim(Dim dim, SymbolicInt start, SymbolicInt end, long step) {
        if (step == 1 && start.known() && start.value() == 0) {
            if (!end.known()) {
                // x[0:n] where n is some input's dim: the model slices a buffer to that length.
                return Dim.symbol(end.symbol());
            }
            if (end.value() >= Integer.MAX_VALUE) {
                return dim;
            }
        }
        if (dim.isSymbolic() || !start.known() || !end.known() || step == 0) {
            return unknown();
        }
        long size = dim.size();
        long s = clampForStep(start.value(), size, step);
        long e = clampForStep(end.value(), size, step);
        long count = step > 0 ? Math.max(0, (e - s + step - 1) / step) : Math.max(0, (s - e - step - 1) / -step);
        return Dim.of(count);
    }

    private static long clampForStep(long index, long size, long step) {
        long i = index < 0 ? index + size : index;
        return step > 0 ? Math.max(0, Math.min(size, i)) : Math.max(-1, Math.min(size - 1, i));
    }

    private List<Dim> transpose(Node node) {
        List<Dim> in = shape(node, 0);
        if (in == null) {
            return null;
        }
        long[] perm = node.attributes().getLongs("perm", null);
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            out.add(in.get(perm == null ? in.size() - 1 - i : (int) perm[i]));
        }
        return out;
    }

    private List<Dim> unsqueeze(Node node) {
        List<Dim> in = shape(node, 0);
        long[] axes = attributeOrInput(node, "axes", 1);
        if (in == null || axes == null) {
            return null;
        }
        int rank = in.size() + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            inserted[axis(a, rank)] = true;
        }
        List<Dim> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < rank; i++) {
            out.add(inserted[i] ? Dim.of(1) : in.get(next++));
        }
        track(node, values.get(node.input(0)));
        return out;
    }

    private List<Dim> squeeze(Node node) {
        List<Dim> in = shape(node, 0);
        long[] axes = attributeOrInput(node, "axes", 1);
        if (in == null || (axes == null && !node.input(1).isEmpty())) {
            return null;
        }
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            Dim dim = in.get(i);
            boolean squeezed = axes == null ? dim.equals(Dim.of(1)) : contains(axes, i, in.size());
            if (axes == null && dim.isSymbolic()) {
                return null;
            }
            if (!squeezed) {
                out.add(dim);
            }
        }
        track(node, values.get(node.input(0)));
        return out;
    }

    private List<Dim> expand(Node node) {
        List<Dim> in = shape(node, 0);
        List<Dim> target = dimsOf(values.get(node.input(1)));
        return in == null || target == null ? null : broadcast(in, target);
    }

    private static DType constantOfShapeType(Node node) {
        return node.attributes().has("value")
                ? node.attributes().getTensor("value").dtype()
                : DType.FLOAT;
    }

    private List<Dim> range(Node node) {
        long[] start = constantInts(node, 0);
        long[] limit = constantInts(node, 1);
        long[] delta = constantInts(node, 2);
        if (start == null || limit == null || delta == null || delta.length != 1 || delta[0] == 0) {
            return unknownDims(1);
        }
        long count = Math.max(0, Math.ceilDiv(limit[0] - start[0], delta[0]));
        return List.of(Dim.of(count));
    }

    private List<TensorType> split(Node node) {
        List<Dim> in = shape(node, 0);
        DType dtype = dtype(node, 0);
        if (in == null || dtype == null) {
            return null;
        }
        int axis = axis(node.attributes().getLong("axis", 0), in.size());
        long[] sizes = attributeOrInput(node, "split", 1);
        int parts = node.outputs().size();
        Dim dim = in.get(axis);
        List<TensorType> out = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            List<Dim> shape = new ArrayList<>(in);
            if (sizes != null && sizes.length == parts) {
                shape.set(axis, Dim.of(sizes[i]));
            } else if (!dim.isSymbolic() && dim.size() % parts == 0) {
                shape.set(axis, Dim.of(dim.size() / parts));
            } else {
                shape.set(axis, unknown());
            }
            out.add(new TensorType(dtype, shape));
        }
        return out;
    }
}
