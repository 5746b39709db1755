package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.passes.fusion.GraphView;
import io.github.espalier.compiler.passes.fusion.Rewriter;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuses a product with constant weights, its bias and a following GELU into
 * {@code espalier.MatMulBias(x, W [K,N], bias [N] or absent; activation = "none" | "gelu")}: {@code MatMul(x,
 * W)} (x of any rank, leading axes flattened) then {@code Add(bias)}, and {@code Gemm} with constant B (its
 * transB, alpha and beta are folded into W and the bias here).
 */
public final class FuseMatMulBias implements Pass {
    @Override
    public Graph apply(Graph graph) {
        GraphView view = new GraphView(graph);
        Rewriter rewriter = new Rewriter(view);
        for (Node node : graph.nodes()) {
            if (node.opType().equals("MatMul") && isFloatMatrix(view.constant(node.input(1)))) {
                matchMatMul(view, rewriter, node);
            } else if (node.opType().equals("Gemm") && isFloatMatrix(view.constant(node.input(1)))) {
                matchGemm(view, rewriter, node);
            }
        }
        return rewriter.result();
    }

    private static void matchMatMul(GraphView view, Rewriter rewriter, Node matMul) {
        long n = view.constant(matMul.input(1)).dim(1);
        List<Node> pattern = new ArrayList<>(List.of(matMul));
        Node last = matMul;
        String bias = "";
        Node add = view.soleConsumer(matMul.output(0), "Add");
        String addend = add == null ? null : GraphView.otherInput(add, matMul.output(0));
        if (addend != null && isFloatVector(view.constant(addend), n)) {
            bias = addend;
            pattern.add(add);
            last = add;
        }
        fuse(view, rewriter, pattern, last, matMul.input(0), matMul.input(1), bias);
    }

    private static void matchGemm(GraphView view, Rewriter rewriter, Node gemm) {
        Attributes attributes = gemm.attributes();
        if (attributes.getLong("transA", 0) != 0) {
            return;
        }
        Tensor b = view.constant(gemm.input(1));
        boolean transposed = attributes.getLong("transB", 0) != 0;
        long n = b.dim(transposed ? 0 : 1);
        Tensor c = gemm.input(2).isEmpty() ? null : view.constant(gemm.input(2));
        if (!gemm.input(2).isEmpty()
                && (c == null || c.dim(-1) != n || !isFloatVector(c.reshape(c.elementCount()), n))) {
            return;
        }
        float alpha = attributes.getFloat("alpha", 1f);
        float beta = attributes.getFloat("beta", 1f);
        String weights = gemm.input(1);
        if (transposed || alpha != 1f) {
            weights = rewriter.addInitializer(gemm.name() + "/weights", scaledMatrix(b, transposed, alpha));
        }
        String bias = "";
        if (c != null) {
            bias = beta == 1f && c.rank() == 1
                    ? gemm.input(2)
                    : rewriter.addInitializer(gemm.name() + "/bias", scaled(c.reshape(n), beta));
        }
        fuse(view, rewriter, List.of(gemm), gemm, gemm.input(0), weights, bias);
    }

    /** Takes a following espalier.Gelu into the fused node's epilogue. */
    private static void fuse(
            GraphView view, Rewriter rewriter, List<Node> pattern, Node last, String x, String weights, String bias) {
        List<Node> nodes = new ArrayList<>(pattern);
        String activation = "none";
        Node gelu = view.soleConsumer(last.output(0), FusedKernels.GELU);
        if (gelu != null) {
            nodes.add(gelu);
            last = gelu;
            activation = "gelu";
        }
        Node fused = new Node(
                last.name(),
                FusedKernels.MATMUL_BIAS,
                List.of(x, weights, bias),
                List.of(last.output(0)),
                Attributes.of(Map.of("activation", activation)));
        rewriter.replace(nodes, last, fused);
    }

    private static Tensor scaledMatrix(Tensor b, boolean transposed, float alpha) {
        int rows = Math.toIntExact(b.dim(0));
        int cols = Math.toIntExact(b.dim(1));
        float[] source = b.toFloatArray();
        if (!transposed) {
            return scaled(b, alpha);
        }
        float[] result = new float[source.length];
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                result[col * rows + r] = alpha * source[r * cols + col];
            }
        }
        return Tensor.ofFloats(result, cols, rows);
    }

    private static Tensor scaled(Tensor tensor, float factor) {
        float[] values = tensor.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            values[i] *= factor;
        }
        return Tensor.ofFloats(values, tensor.shape());
    }

    private static boolean isFloatMatrix(Tensor tensor) {
        return tensor != null && tensor.dtype() == DType.FLOAT && tensor.rank() == 2;
    }

    private static boolean isFloatVector(Tensor tensor, long size) {
        return tensor != null && tensor.dtype() == DType.FLOAT && tensor.rank() == 1 && tensor.dim(0) == size;
    }
}
