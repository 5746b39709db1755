package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.EspalierException;
import java.util.Arrays;

/**
 * Multidirectional (numpy) broadcasting, planned once per call: the output is walked row by row (a row is
 * the last output axis, or the whole output when no input needs broadcasting), and for every input the
 * plan holds where each row starts and whether the input advances along the row (stride 1) or repeats
 * one element (stride 0).
 */
final class Broadcast {
    final long[] shape;
    final int rows;
    final int rowLength;
    final int[] strides;
    final int[][] rowOffsets;

    private Broadcast(long[] shape, int rows, int rowLength, int[] strides, int[][] rowOffsets) {
        this.shape = shape;
        this.rows = rows;
        this.rowLength = rowLength;
        this.strides = strides;
        this.rowOffsets = rowOffsets;
    }

    static Broadcast of(long[]... shapes) {
        long[] out = shape(shapes);
        int total = Math.toIntExact(TensorData.product(out, 0, out.length));
        int[] strides = new int[shapes.length];
        int[][] offsets = new int[shapes.length][];
        if (Arrays.stream(shapes).allMatch(s -> Arrays.equals(s, out) || TensorData.product(s, 0, s.length) == 1)) {
            for (int k = 0; k < shapes.length; k++) {
                strides[k] = Arrays.equals(shapes[k], out) ? 1 : 0;
                offsets[k] = new int[1];
            }
            return new Broadcast(out, 1, total, strides, offsets);
        }
        int rank = out.length;
        long[] outRows = Arrays.copyOf(out, rank - 1);
        for (int k = 0; k < shapes.length; k++) {
            long[] padded = pad(shapes[k], rank);
            long last = padded[rank - 1];
            strides[k] = last == 1 ? 0 : 1;
            offsets[k] = indexMap(Arrays.copyOf(padded, rank - 1), outRows);
            for (int r = 0; r < offsets[k].length; r++) {
                offsets[k][r] *= (int) last;
            }
        }
        return new Broadcast(out, offsets[0].length, (int) out[rank - 1], strides, offsets);
    }

    /** The broadcast shape of {@code shapes}, or an error naming them when they are incompatible. */
    static long[] shape(long[]... shapes) {
        int rank = 0;
        for (long[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        for (long[] s : shapes) {
            long[] padded = pad(s, rank);
            for (int d = 0; d < rank; d++) {
                if (padded[d] == out[d] || padded[d] == 1) {
                    continue;
                }
                if (out[d] != 1) {
                    throw new EspalierException(
                            "Shapes " + Arrays.deepToString(shapes) + " cannot be broadcast together");
                }
                out[d] = padded[d];
            }
        }
        return out;
    }

    /** For every element of {@code out}, the flat index of the element of {@code in} that broadcasts to it. */
    static int[] indexMap(long[] in, long[] out) {
        int rank = out.length;
        long[] padded = pad(in, rank);
        long[] strides = new long[rank];
        long stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            strides[d] = padded[d] == 1 ? 0 : stride;
            stride *= padded[d];
        }
        int[] map = new int[Math.toIntExact(TensorData.product(out, 0, rank))];
        long[] position = new long[rank];
        long offset = 0;
        for (int i = 0; i < map.length; i++) {
            map[i] = (int) offset;
            for (int d = rank - 1; d >= 0; d--) {
                offset += strides[d];
                if (++position[d] < out[d]) {
                    break;
                }
                offset -= strides[d] * position[d];
                position[d] = 0;
            }
        }
        return map;
    }

    private static long[] pad(long[] shape, int rank) {
        if (shape.length > rank) {
            throw new EspalierException("Shape " + Arrays.toString(shape) + " has more than " + rank + " axes");
        }
        long[] padded = new long[rank];
        Arrays.fill(padded, 1);
        System.arraycopy(shape, 0, padded, rank - shape.length, shape.length);
        return padded;
    }
}
