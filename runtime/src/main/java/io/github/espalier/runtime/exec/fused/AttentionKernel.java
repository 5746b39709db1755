package io.github.espalier.runtime.exec.fused;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.linalg.Gemm;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;
import io.github.espalier.runtime.exec.linalg.VectorOps;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code espalier.Attention(q [B,Sq,H], k [B,Sk,H], v [B,Sk,H], mask_add?; num_heads, scale)}: multi-head
 * scaled dot-product attention, {@code softmax(q·kᵀ · scale + mask_add) · v} per head, where head h
 * owns columns {@code [h·d, (h+1)·d)} of H. mask_add is an additive float mask broadcastable to
 * [B, num_heads, Sq, Sk]. Output [B, Sq, H], written in place of the usual transposes.
 */
final class AttentionKernel implements Kernel {
    static final String OP = "espalier.Attention";

    private final int heads;
    private final float scale;
    private final Gemm gemm;
    private final VectorOps ops;
    /** Scratch of finished tasks, at most one per task that ran at once; any run of this kernel takes one. */
    private final Queue<HeadScratch> scratch = new ConcurrentLinkedQueue<>();

    AttentionKernel(Attributes attributes) {
        this(attributes, Gemms.preferred(), Gemms.preferredOps());
    }

    AttentionKernel(Attributes attributes, Gemm gemm, VectorOps ops) {
        this.gemm = gemm;
        this.ops = ops;
        this.heads = Math.toIntExact(attributes.getLong("num_heads"));
        this.scale = attributes.getFloat("scale", Float.NaN);
        if (heads < 1 || Float.isNaN(scale)) {
            throw new EspalierException(OP + " needs num_heads >= 1 and a float scale; got " + attributes.asMap());
        }
    }

    @Override
    public Tensor[] execute(Tensor[] inputs, ExecutionContext context) {
        Tensor q = inputs[0];
        Tensor k = inputs[1];
        Tensor v = inputs[2];
        Tensor mask = inputs.length > 3 ? inputs[3] : null;
        if (q.rank() != 3 || k.rank() != 3 || v.rank() != 3) {
            throw new EspalierException(OP + ": q, k and v must be [batch, sequence, hidden]; got "
                    + Arrays.toString(q.shape()) + ", " + Arrays.toString(k.shape()) + ", "
                    + Arrays.toString(v.shape()));
        }
        int batch = Math.toIntExact(q.dim(0));
        int sq = Math.toIntExact(q.dim(1));
        int sk = Math.toIntExact(k.dim(1));
        int hidden = Math.toIntExact(q.dim(2));
        if (hidden % heads != 0
                || k.dim(0) != batch
                || v.dim(0) != batch
                || v.dim(1) != sk
                || k.dim(2) != hidden
                || v.dim(2) != hidden) {
            throw new EspalierException(OP + ": shapes q " + Arrays.toString(q.shape()) + ", k "
                    + Arrays.toString(k.shape()) + ", v " + Arrays.toString(v.shape())
                    + " do not fit " + heads + " heads");
        }
        int headSize = hidden / heads;
        float[] qd = FloatData.read(q, OP, "q");
        float[] kd = FloatData.read(k, OP, "k");
        float[] vd = FloatData.read(v, OP, "v");
        float[] md = mask == null ? null : FloatData.read(mask, OP, "mask_add");
        long[] maskStrides = mask == null ? null : maskStrides(mask, batch, sq, sk);
        Tensor result = context.arena().output(DType.FLOAT, batch, sq, hidden);
        float[] out = result.heapFloats();
        context.pool().parallelFor(batch * heads, task -> {
            int b = task / heads;
            int h = task % heads;
            HeadScratch head = takeScratch(sq, sk, headSize);
            int columns = h * headSize;
            // scores = Q_h · K_hᵀ and out_h = P · V_h on the GEMM micro-kernels (4 rows x 2 vectors in registers)
            PackedMatrix.packColumns(kd, b * sk * hidden + columns, hidden, headSize, sk, head.keys.data());
            PackedMatrix.packRows(vd, b * sk * hidden + columns, hidden, sk, headSize, head.values.data());
            for (int i = 0; i < sq; i++) {
                System.arraycopy(qd, (b * sq + i) * hidden + columns, head.queries, i * headSize, headSize);
            }
            float[] scores = head.scores;
            gemm.multiply(head.queries, head.keys, scores, 0, sq, 0, head.keys.panelCount());
            for (int i = 0; i < sq; i++) {
                int row = i * sk;
                float max;
                if (md == null) {
                    max = ops.scaleAddMax(scores, row, sk, scale, null, 0);
                } else {
                    int maskRow = (int) (b * maskStrides[0] + h * maskStrides[1] + i * maskStrides[2]);
                    if (maskStrides[3] == 1) {
                        max = ops.scaleAddMax(scores, row, sk, scale, md, maskRow);
                    } else {
                        // One mask value for the whole row: spread it so the row adds like a contiguous one.
                        Arrays.fill(head.maskRow, md[maskRow]);
                        max = ops.scaleAddMax(scores, row, sk, scale, head.maskRow, 0);
                    }
                }
                float inverseSum = 1f / ops.expShifted(scores, row, sk, max);
                for (int j = 0; j < sk; j++) {
                    scores[row + j] *= inverseSum;
                }
            }
            gemm.multiply(scores, head.values, head.output, 0, sq, 0, head.values.panelCount());
            for (int i = 0; i < sq; i++) {
                System.arraycopy(head.output, i * headSize, out, (b * sq + i) * hidden + columns, headSize);
            }
            scratch.offer(head);
        });
        return new Tensor[] {result};
    }

    /** A free scratch of this shape, or a new one: a scratch of another shape is dropped. */
    private HeadScratch takeScratch(int sq, int sk, int headSize) {
        HeadScratch head = scratch.poll();
        return head != null && head.fits(sq, sk, headSize) ? head : new HeadScratch(sq, sk, headSize);
    }

    /**
     * One task's working arrays for a head: K_hᵀ and V_h packed for the GEMM (their padding columns stay
     * zero, since only real columns are ever written), Q_h, the scores and the head's output. Every task
     * overwrites what it reads, so a scratch serves the next task of the same shape. {@code maskRow} holds a
     * mask value broadcast along the keys.
     */
    private static final class HeadScratch {
        final PackedMatrix keys;
        final PackedMatrix values;
        final float[] queries;
        final float[] scores;
        final float[] output;
        final float[] maskRow;

        HeadScratch(int sq, int sk, int headSize) {
            keys = new PackedMatrix(new float[PackedMatrix.packedLength(headSize, sk)], headSize, sk);
            values = new PackedMatrix(new float[PackedMatrix.packedLength(sk, headSize)], sk, headSize);
            queries = new float[sq * headSize];
            scores = new float[sq * sk];
            output = new float[sq * headSize];
            maskRow = new float[sk];
        }

        boolean fits(int sq, int sk, int headSize) {
            return keys.k() == headSize && keys.n() == sk && queries.length == sq * headSize;
        }
    }

    /** Element strides of the mask over [B, heads, Sq, Sk], 0 along broadcast axes. */
    private long[] maskStrides(Tensor mask, int batch, int sq, int sk) {
        long[] target = {batch, heads, sq, sk};
        long[] shape = mask.shape();
        if (shape.length > 4) {
            throw new EspalierException(OP + ": mask_add of shape " + Arrays.toString(shape) + " has rank > 4");
        }
        long[] strides = new long[4];
        long stride = 1;
        for (int axis = 3; axis >= 0; axis--) {
            int maskAxis = axis - (4 - shape.length);
            long size = maskAxis >= 0 ? shape[maskAxis] : 1;
            if (size != 1 && size != target[axis]) {
                throw new EspalierException(OP + ": mask_add of shape " + Arrays.toString(shape)
                        + " does not broadcast to " + Arrays.toString(target));
            }
            strides[axis] = size == 1 ? 0 : stride;
            stride *= size;
        }
        return strides;
    }
}
