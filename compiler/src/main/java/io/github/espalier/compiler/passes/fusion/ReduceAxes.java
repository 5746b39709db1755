package io.github.espalier.compiler.passes.fusion;

import io.github.espalier.compiler.ir.Node;

/** Reads which axes a Reduce* node reduces (attribute before opset 18, input since). */
public final class ReduceAxes {
    private ReduceAxes() {}

    /** Whether {@code reduce} reduces exactly the last axis of its input and keeps the reduced dimension. */
    public static boolean reducesLastAxisKeepingDims(GraphView view, Node reduce) {
        if (reduce.attributes().getLong("keepdims", 1) != 1) {
            return false;
        }
        long[] axes = reduce.attributes().getLongs("axes", null);
        if (axes == null && !reduce.input(1).isEmpty()) {
            axes = view.integers(reduce.input(1));
        }
        return axes != null && axes.length == 1 && GraphView.isLastAxis(axes[0], view.rank(reduce.input(0)));
    }
}
