package io.github.espalier.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import io.github.espalier.compiler.CompilationException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Rejects, before any weight is decoded, a model that uses an operator the runtime cannot execute. */
final class OperatorSupport {
    private OperatorSupport() {}

    static String normalizeDomain(String domain) {
        return domain.equals("ai.onnx") ? "" : domain;
    }

    static void check(OnnxMl.GraphProto graph, Map<String, Long> opsets, Set<String> supportedOps) {
        for (int i = 0; i < graph.getNodeCount(); i++) {
            OnnxMl.NodeProto node = graph.getNode(i);
            String domain = normalizeDomain(node.getDomain());
            String op = node.getOpType();
            // Constant nodes become initializers at import, so no kernel is needed for them.
            boolean supported = domain.isEmpty() && (op.equals("Constant") || supportedOps.contains(op));
            if (!supported) {
                String name = node.getName().isEmpty() ? op + "_" + i : node.getName();
                String where = domain.isEmpty() ? "ai.onnx" : domain;
                throw new CompilationException("Operator " + op + " of node '" + name + "' (domain " + where
                        + ", opset " + opsets.getOrDefault(domain, 0L)
                        + ") is not supported by Espalier; export the model with standard ONNX operators only"
                        + " (no runtime-specific or pre-optimized graphs). Supported operators: "
                        + new TreeSet<>(supportedOps));
            }
        }
    }
}
