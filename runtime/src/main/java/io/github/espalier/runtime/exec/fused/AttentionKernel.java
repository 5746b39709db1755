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
        Tensor result = Tensor.allocate(DType.FLOAT, batch, sq, hidden);
        float[] out = result.heapFloats();
        context.pool().parallelFor(batch * heads, task -> {
            int b = task / heads;
            int h = task % heads;
            // scores = Q_h · K_hᵀ and out_h = P · V_h on the GEMM micro-kernels (4 rows x 2 vectors in registers)
            PackedMatrix keysTransposed =
                    PackedMatrix.pack(headTransposed(kd, b, h, sk, hidden, headSize), headSize, sk);
            PackedMatrix values = PackedMatrix.pack(head(vd, b, h, sk, hidden, headSize), sk, headSize);
            float[] queries = head(qd, b, h, sq, hidden, headSize);
            float[] scores = new float[sq * sk];
            gemm.multiply(queries, keysTransposed, scores, 0, sq, 0, keysTransposed.panelCount());
            for (int i = 0; i < sq; i++) {
                int row = i * sk;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < sk; j++) {
                    float s = scores[row + j] * scale;
                    if (md != null) {
                        s += md[
                                (int) (b * maskStrides[0]
                                        + h * maskStrides[1]
                                        + i * maskStrides[2]
                                        + j * maskStrides[3])];
                    }
                    scores[row + j] = s;
                    max = Math.max(max, s);
                }
                float inverseSum = 1f / ops.expShifted(scores, row, sk, max);
                for (int j = 0; j < sk; j++) {
                    scores[row + j] *= inverseSum;
                }
            }
            float[] headOut = new float[sq * headSize];
            gemm.multiply(scores, values, headOut, 0, sq, 0, values.panelCount());
            for (int i = 0; i < sq; i++) {
                System.arraycopy(headOut, i * headSize, out, (b * sq + i) * hidden + h * headSize, headSize);
            }
        });
        return new Tensor[] {result};
    }

    /** Head h of batch b of a [B, rows, hidden] tensor, as a row-major [rows, headSize] matrix. */
    private static float[] head(float[] x, int b, int h, int rows, int hidden, int headSize) {
        float[] head = new float[rows * headSize];
        for (int j = 0; j < rows; j++) {
            System.arraycopy(x, (b * rows + j) * hidden + h * headSize, head, j * headSize, headSize);
        }
        return head;
    }

    /** Head h of batch b of a [B, rows, hidden] tensor, transposed to [headSize, rows]. */
    private static float[] headTransposed(float[] x, int b, int h, int rows, int hidden, int headSize) {
        float[] transposed = new float[headSize * rows];
        for (int j = 0; j < rows; j++) {
            int offset = (b * rows + j) * hidden + h * headSize;
            for (int t = 0; t < headSize; t++) {
                transposed[t * rows + j] = x[offset + t];
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
