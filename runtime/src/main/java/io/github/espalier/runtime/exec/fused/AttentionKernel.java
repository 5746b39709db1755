package io.github.espalier.runtime.exec.fused;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.VectorOps;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Arrays;

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
    private final VectorOps ops;

    AttentionKernel(Attributes attributes) {
        this(attributes, Gemms.preferredOps());
    }

    AttentionKernel(Attributes attributes, VectorOps ops) {
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
        Tensor result = Tensor.allocate(DType.FLOAT, batch, sq, hidden);
        float[] out = result.heapFloats();
        context.pool().parallelFor(batch * heads, task -> {
            int b = task / heads;
            int h = task % heads;
            float[] scores = new float[sk];
            float[] keysTransposed = transposeHead(kd, b, h, sk, hidden, headSize);
            float[] valuesTransposed = transposeHead(vd, b, h, sk, hidden, headSize);
            for (int i = 0; i < sq; i++) {
                int qOffset = (b * sq + i) * hidden + h * headSize;
                // scores = q_i · Kᵀ as headSize row updates, which vectorize without horizontal sums
                Arrays.fill(scores, 0f);
                for (int t = 0; t < headSize; t++) {
                    ops.axpy(qd[qOffset + t], keysTransposed, t * sk, scores, 0, sk);
                }
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < sk; j++) {
                    float s = scores[j] * scale;
                    if (md != null) {
                        s += md[
                                (int) (b * maskStrides[0]
                                        + h * maskStrides[1]
                                        + i * maskStrides[2]
                                        + j * maskStrides[3])];
                    }
                    scores[j] = s;
                    max = Math.max(max, s);
                }
                float sum = ops.expShifted(scores, 0, sk, max);
                // out_i = p · V as headSize dot products over contiguous rows of Vᵀ
                float inverseSum = 1f / sum;
                for (int t = 0; t < headSize; t++) {
                    out[qOffset + t] = ops.dot(scores, 0, valuesTransposed, t * sk, sk) * inverseSum;
                }
            }
        });
        return new Tensor[] {result};
    }

    /** Head h of batch b of a [B, sk, hidden] tensor, transposed to [headSize, sk]. */
    private static float[] transposeHead(float[] k, int b, int h, int sk, int hidden, int headSize) {
        float[] transposed = new float[headSize * sk];
        for (int j = 0; j < sk; j++) {
            int offset = (b * sk + j) * hidden + h * headSize;
            for (int t = 0; t < headSize; t++) {
                transposed[t * sk + j] = k[offset + t];
            }
        }
        return transposed;
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
