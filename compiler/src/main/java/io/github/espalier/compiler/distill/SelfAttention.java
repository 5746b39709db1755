package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.linalg.Gemm;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;
import io.github.espalier.runtime.exec.linalg.VectorOps;
import java.util.Arrays;

/**
 * Multi-head scaled dot-product attention, {@code softmax(q·kᵀ·scale + mask)·v} per head, head h owning
 * columns {@code [h·d, (h+1)·d)} of q, k and v [batch·seq, heads·d]. Each (batch, head) pair is one task
 * on the pool that writes only its own block of the outputs, with its products on the GEMM micro-kernels
 * as in the runtime's attention kernel; the forward pass keeps the probabilities for the backward pass.
 */
final class SelfAttention {
    private final int heads;
    private final float scale;
    private final ComputePool pool;
    private final Gemm gemm = Gemms.preferred();
    private final VectorOps ops = Gemms.preferredOps();

    /** The context [batch·seq, heads·d] and the attention probabilities [batch, heads, seq, seq]. */
    record Saved(float[] context, float[] probabilities) {}

    /** Gradients with respect to q, k and v, each [batch·seq, heads·d]. */
    record Gradients(float[] query, float[] key, float[] value) {}

    SelfAttention(int heads, float scale, ComputePool pool) {
        this.heads = heads;
        this.scale = scale;
        this.pool = pool;
    }

    /**
     * @param maskAdd [batch, seq], added to the scores of every query for that key: 0 for real tokens, a large
     *     negative number for padding
     */
    Saved forward(float[] q, float[] k, float[] v, float[] maskAdd, int batch, int seq) {
        Heads layout = layout(q, k, v, batch, seq);
        if (maskAdd.length != batch * seq) {
            throw new IllegalArgumentException(
                    "attention mask has " + maskAdd.length + " elements, expected " + batch + " x " + seq);
        }
        float[] context = new float[q.length];
        float[] probabilities = new float[batch * heads * seq * seq];
        pool.parallelFor(batch * heads, task -> {
            int b = task / heads;
            int h = task % heads;
            float[] scores = product(
                    layout.gather(q, b, h), PackedMatrix.pack(layout.gatherTransposed(k, b, h), layout.size(), seq));
            for (int i = 0; i < seq; i++) {
                int row = i * seq;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < seq; j++) {
                    float s = scores[row + j] * scale + maskAdd[b * seq + j];
                    scores[row + j] = s;
                    max = Math.max(max, s);
                }
                float inverseSum = 1 / ops.expShifted(scores, row, seq, max);
                for (int j = row; j < row + seq; j++) {
                    scores[j] *= inverseSum;
                }
            }
            System.arraycopy(scores, 0, probabilities, task * seq * seq, seq * seq);
            float[] headContext = product(scores, PackedMatrix.pack(layout.gather(v, b, h), seq, layout.size()));
            layout.scatter(headContext, context, b, h);
        });
        return new Saved(context, probabilities);
    }

    /** dV = Pᵀ·dC, dS = P ⊙ (dP − rowsum(dP ⊙ P)) with dP = dC·Vᵀ, dQ = dS·K·scale, dK = dSᵀ·Q·scale. */
    Gradients backward(float[] q, float[] k, float[] v, Saved saved, float[] dContext, int batch, int seq) {
        Heads layout = layout(q, k, v, batch, seq);
        float[] dq = new float[q.length];
        float[] dk = new float[k.length];
        float[] dv = new float[v.length];
        pool.parallelFor(batch * heads, task -> {
            int b = task / heads;
            int h = task % heads;
            int d = layout.size();
            float[] p = Arrays.copyOfRange(saved.probabilities(), task * seq * seq, (task + 1) * seq * seq);
            float[] headGradient = layout.gather(dContext, b, h);
            PackedMatrix packedGradient = PackedMatrix.pack(headGradient, seq, d);
            layout.scatter(product(transpose(p, seq), packedGradient), dv, b, h);
            float[] scores = product(headGradient, PackedMatrix.pack(layout.gatherTransposed(v, b, h), d, seq));
            // scores: dP, then in place dS · scale
            for (int row = 0; row < seq * seq; row += seq) {
                float weighted = ops.dot(scores, row, p, row, seq);
                for (int j = row; j < row + seq; j++) {
                    scores[j] = p[j] * (scores[j] - weighted) * scale;
                }
            }
            layout.scatter(product(scores, PackedMatrix.pack(layout.gather(k, b, h), seq, d)), dq, b, h);
            layout.scatter(
                    product(transpose(scores, seq), PackedMatrix.pack(layout.gather(q, b, h), seq, d)), dk, b, h);
        });
        return new Gradients(dq, dk, dv);
    }

    private Heads layout(float[] q, float[] k, float[] v, int batch, int seq) {
        int rows = batch * seq;
        int width = rows == 0 ? 0 : q.length / rows;
        if (rows == 0
                || q.length != (long) rows * width
                || width % heads != 0
                || k.length != q.length
                || v.length != q.length) {
            throw new IllegalArgumentException("attention: q, k, v of " + q.length + ", " + k.length + ", " + v.length
                    + " elements are not " + batch + " x " + seq + " rows of " + heads + " heads");
        }
        return new Heads(seq, width, width / heads);
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

    /** Where one head's [seq, size] block sits in a [batch·seq, width] activation. */
    private record Heads(int seq, int width, int size) {
        /** Head h of batch b as a row-major [seq, size] matrix. */
        float[] gather(float[] x, int b, int h) {
            float[] head = new float[seq * size];
            for (int i = 0; i < seq; i++) {
                System.arraycopy(x, (b * seq + i) * width + h * size, head, i * size, size);
            }
            return head;
        }

        /** Head h of batch b transposed, [size, seq]. */
        float[] gatherTransposed(float[] x, int b, int h) {
            float[] transposed = new float[size * seq];
            for (int i = 0; i < seq; i++) {
                int offset = (b * seq + i) * width + h * size;
                for (int t = 0; t < size; t++) {
                    transposed[t * seq + i] = x[offset + t];
                }
            }
            return transposed;
        }

        /** Writes a [seq, size] block back as head h of batch b. */
        void scatter(float[] head, float[] x, int b, int h) {
            for (int i = 0; i < seq; i++) {
                System.arraycopy(head, i * size, x, (b * seq + i) * width + h * size, size);
            }
        }
    }
}
