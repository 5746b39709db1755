package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.linalg.Gemm;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;
import io.github.espalier.runtime.exec.linalg.VectorOps;

/**
 * Multi-head scaled dot-product attention, {@code softmax(q·kᵀ·scale)·v} per head and text, head h owning
 * columns {@code [h·d, (h+1)·d)} of q, k and v [tokens, heads·d], laid out as {@link Sequences}: each text
 * attends to its own tokens only, so no mask is needed. Each (text, head) pair is one task on the pool that
 * writes only its own block of the outputs, with its products on the GEMM micro-kernels as in the runtime's
 * attention kernel; the forward pass keeps the probabilities for the backward pass.
 */
final class SelfAttention {
    private final int heads;
    private final float scale;
    private final ComputePool pool;
    private final Gemm gemm = Gemms.preferred();
    private final VectorOps ops = Gemms.preferredOps();

    /**
     * The context [tokens, heads·d] and the attention probabilities, one [length, length] matrix for each
     * (text, head) pair, text by text.
     */
    record Saved(float[] context, float[][] probabilities) {}

    /** Gradients with respect to q, k and v, each [tokens, heads·d]. */
    record Gradients(float[] query, float[] key, float[] value) {}

    SelfAttention(int heads, float scale, ComputePool pool) {
        this.heads = heads;
        this.scale = scale;
        this.pool = pool;
    }

    Saved forward(float[] q, float[] k, float[] v, Sequences sequences) {
        Heads layout = layout(q, k, v, sequences);
        float[] context = new float[q.length];
        float[][] probabilities = new float[sequences.count() * heads][];
        pool.parallelFor(probabilities.length, task -> {
            int b = task / heads;
            int h = task % heads;
            int seq = sequences.length(b);
            int start = sequences.start(b);
            float[] scores = product(
                    layout.gather(q, start, seq, h),
                    PackedMatrix.pack(layout.gatherTransposed(k, start, seq, h), layout.size(), seq));
            for (int row = 0; row < seq * seq; row += seq) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = row; j < row + seq; j++) {
                    scores[j] *= scale;
                    max = Math.max(max, scores[j]);
                }
                float inverseSum = 1 / ops.expShifted(scores, row, seq, max);
                for (int j = row; j < row + seq; j++) {
                    scores[j] *= inverseSum;
                }
            }
            probabilities[task] = scores;
            float[] headContext =
                    product(scores, PackedMatrix.pack(layout.gather(v, start, seq, h), seq, layout.size()));
            layout.scatter(headContext, context, start, seq, h);
        });
        return new Saved(context, probabilities);
    }

    /** dV = Pᵀ·dC, dS = P ⊙ (dP − rowsum(dP ⊙ P)) with dP = dC·Vᵀ, dQ = dS·K·scale, dK = dSᵀ·Q·scale. */
    Gradients backward(float[] q, float[] k, float[] v, Saved saved, float[] dContext, Sequences sequences) {
        Heads layout = layout(q, k, v, sequences);
        float[] dq = new float[q.length];
        float[] dk = new float[k.length];
        float[] dv = new float[v.length];
        pool.parallelFor(sequences.count() * heads, task -> {
            int b = task / heads;
            int h = task % heads;
            int seq = sequences.length(b);
            int start = sequences.start(b);
            int d = layout.size();
            float[] p = saved.probabilities()[task];
            float[] headGradient = layout.gather(dContext, start, seq, h);
            PackedMatrix packedGradient = PackedMatrix.pack(headGradient, seq, d);
            layout.scatter(product(transpose(p, seq), packedGradient), dv, start, seq, h);
            float[] scores =
                    product(headGradient, PackedMatrix.pack(layout.gatherTransposed(v, start, seq, h), d, seq));
            // scores: dP, then in place dS · scale
            for (int row = 0; row < seq * seq; row += seq) {
                float weighted = ops.dot(scores, row, p, row, seq);
                for (int j = row; j < row + seq; j++) {
                    scores[j] = p[j] * (scores[j] - weighted) * scale;
                }
            }
            layout.scatter(
                    product(scores, PackedMatrix.pack(layout.gather(k, start, seq, h), seq, d)), dq, start, seq, h);
            layout.scatter(
                    product(transpose(scores, seq), PackedMatrix.pack(layout.gather(q, start, seq, h), seq, d)),
                    dk,
                    start,
                    seq,
                    h);
        });
        return new Gradients(dq, dk, dv);
    }

    private Heads layout(float[] q, float[] k, float[] v, Sequences sequences) {
        int rows = sequences.tokens();
        int width = rows == 0 ? 0 : q.length / rows;
        if (rows == 0
                || q.length != (long) rows * width
                || width % heads != 0
                || k.length != q.length
                || v.length != q.length) {
            throw new IllegalArgumentException("attention: q, k, v of " + q.length + ", " + k.length + ", " + v.length
                    + " elements are not " + rows + " tokens of " + heads + " heads");
        }
        return new Heads(width, width / heads);
    }

    private static float[] transpose(float[] square, int n) {
        float[] transposed = new float[square.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                transposed[j * n + i] = square[i * n + j];
            }
        }
        return transposed;
    }

    /** A [rows, k] · B [k, n] on the micro-kernels, on the calling thread (one task of the pool). */
    private float[] product(float[] a, PackedMatrix b) {
        int rows = a.length / b.k();
        float[] c = new float[rows * b.n()];
        gemm.multiply(a, b, c, 0, rows, 0, b.panelCount());
        return c;
    }

    /** Where one head's [length, size] block of one text sits in a [tokens, width] activation. */
    private record Heads(int width, int size) {
        /** Head h of the text whose {@code seq} tokens start at row {@code start}, as a row-major [seq, size]. */
        float[] gather(float[] x, int start, int seq, int h) {
            float[] head = new float[seq * size];
            for (int i = 0; i < seq; i++) {
                System.arraycopy(x, (start + i) * width + h * size, head, i * size, size);
            }
            return head;
        }

        /** The same block transposed, [size, seq]. */
        float[] gatherTransposed(float[] x, int start, int seq, int h) {
            float[] transposed = new float[size * seq];
            for (int i = 0; i < seq; i++) {
                int offset = (start + i) * width + h * size;
                for (int t = 0; t < size; t++) {
                    transposed[t * seq + i] = x[offset + t];
                }
            }
            return transposed;
        }

        /** Writes a [seq, size] block back as head h of the text starting at row {@code start}. */
        void scatter(float[] head, float[] x, int start, int seq, int h) {
            for (int i = 0; i < seq; i++) {
                System.arraycopy(head, i * size, x, (start + i) * width + h * size, size);
            }
        }
    }
}
