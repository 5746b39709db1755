package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.exec.TensorArena;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * One float input of a {@link Broadcast} plan, row by row as a contiguous slice: the input itself where it
 * advances along the row, else its repeated element expanded into a scratch row from the run's arena
 * (refilled only when the element changes), so row loops have unit strides and vectorize.
 */
final class ContiguousRow {
    private final Broadcast plan;
    private final int input;
    private final float[] values;
    private final TensorArena arena;
    private final Tensor scratch;
    private final float[] expanded;
    private int expandedOffset = -1;

    ContiguousRow(Broadcast plan, int input, float[] values, TensorArena arena) {
        this.plan = plan;
        this.input = input;
        this.values = values;
        this.arena = arena;
        this.scratch = plan.strides[input] == 1 ? null : arena.output(DType.FLOAT, plan.rowLength);
        this.expanded = scratch == null ? null : scratch.heapFloats();
    }

    /** Gives the scratch row back to the arena once the rows have been read. */
    void release() {
        arena.recycle(scratch);
    }

    float[] values(int row) {
        if (expanded == null) {
            return values;
        }
        int offset = plan.rowOffsets[input][row];
        if (offset != expandedOffset) {
            Arrays.fill(expanded, values[offset]);
            expandedOffset = offset;
        }
        return expanded;
    }

    int offset(int row) {
        return expanded == null ? plan.rowOffsets[input][row] : 0;
    }
}
