package io.github.espalier.compiler.passes.fusion;

import io.github.espalier.compiler.ir.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * What is known of a 1-D shape tensor (a Reshape target) entry by entry: a constant, or "axis i of value
 * v" as exporters build it with {@code Unsqueeze(Gather(Shape(v), i))} and {@code Concat} when the batch
 * and sequence sizes are symbolic.
 */
public final class ShapeVector {
    /** One entry: {@code constant} when known, else {@code dimOf}/{@code axis} when it copies a dimension. */
    public record Entry(Long constant, String dimOf, int axis) {
        static Entry unknown() {
            return new Entry(null, null, -1);
        }

        public boolean isConstant(long value) {
            return constant != null && constant == value;
        }

        public boolean isPositiveConstant() {
            return constant != null && constant > 0;
        }
    }

    private ShapeVector() {}

    /** The entries of {@code value}, or null when even their number is unknown. */
    public static List<Entry> read(GraphView view, String value) {
        long[] constant = view.integers(value);
        if (constant != null) {
            List<Entry> entries = new ArrayList<>();
            for (long v : constant) {
                entries.add(new Entry(v, null, -1));
            }
            return entries;
        }
        Node concat = view.producer(value, "Concat");
        if (concat != null && concat.attributes().getLong("axis", -1) == 0) {
            List<Entry> entries = new ArrayList<>();
            for (String input : concat.inputs()) {
                List<Entry> part = read(view, input);
                if (part == null) {
                    return null;
                }
                entries.addAll(part);
            }
            return entries;
        }
        Node unsqueeze = view.producer(value, "Unsqueeze");
        if (unsqueeze != null && isUnsqueezeOfAxisZero(view, unsqueeze)) {
            return List.of(scalar(view, unsqueeze.input(0)));
        }
        return null;
    }

    /**
     * Whether {@code entry} of a Reshape target stands for axis {@code axis} of the Reshape's data input
     * {@code data}: it copies that dimension, is 0 (ONNX's "keep this axis"), or equals its known size.
     */
    public static boolean keepsDim(GraphView view, Node reshape, Entry entry, int axis) {
        String data = reshape.input(0);
        if (data.equals(entry.dimOf()) && entry.axis() == axis) {
            return true;
        }
        if (entry.isConstant(0)) {
            return reshape.attributes().getLong("allowzero", 0) == 0;
        }
        long size = view.staticDim(data, axis);
        return size > 0 && entry.isConstant(size);
    }

    private static boolean isUnsqueezeOfAxisZero(GraphView view, Node unsqueeze) {
        long[] axes = unsqueeze.attributes().getLongs("axes", null);
        if (axes == null && !unsqueeze.input(1).isEmpty()) {
            axes = view.integers(unsqueeze.input(1));
        }
        return axes != null && axes.length == 1 && axes[0] == 0;
    }

    /** A scalar: a constant, {@code Gather(Shape(v), i)} (axis i of v), or unknown. */
    private static Entry scalar(GraphView view, String value) {
        long[] constant = view.integers(value);
        if (constant != null && constant.length == 1) {
            return new Entry(constant[0], null, -1);
        }
        Node gather = view.producer(value, "Gather");
        if (gather == null || gather.attributes().getLong("axis", 0) != 0) {
            return Entry.unknown();
        }
        long[] index = view.integers(gather.input(1));
        Node shape = view.producer(gather.input(0), "Shape");
        boolean wholeShape = shape != null
                && !shape.attributes().has("start")
                && !shape.attributes().has("end");
        if (index == null || index.length != 1 || index[0] < 0 || !wholeShape) {
            return Entry.unknown();
        }
        return new Entry(null, shape.input(0), (int) index[0]);
    }
}
