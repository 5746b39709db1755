package io.github.espalier.runtime.exec.kernels;

import java.util.Arrays;

/**
 * One float input of a {@link Broadcast} plan, row by row as a contiguous slice: the input itself where it
 * advances along the row, else its repeated element expanded into a scratch row (refilled only when the
 * element changes), so row loops have unit strides and vectorize.
 */
final class ContiguousRow {
    private final Broadcast plan;
    private final int input;
    private final float[] values;
    private final float[] expanded;
    private int expandedOffset = -1;

    ContiguousRow(Broadcast plan, int input, float[] values) {
        this.plan = plan;
        this.input = input;
        this.values = values;
        this.expanded = plan.strides[input] == 1 ? null : new float[plan.rowLength];
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
