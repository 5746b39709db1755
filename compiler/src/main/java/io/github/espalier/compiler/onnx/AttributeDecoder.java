package io.github.espalier.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.github.espalier.compiler.CompilationException;
import io.github.espalier.runtime.program.Attributes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts a node's ONNX attributes to {@link Attributes} values (Long, Float, String, arrays, Tensor). */
final class AttributeDecoder {
    private final TensorDecoder tensors;

    AttributeDecoder(TensorDecoder tensors) {
        this.tensors = tensors;
    }

    Attributes decode(OnnxMl.NodeProto node, String nodeName) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (OnnxMl.AttributeProto attribute : node.getAttributeList()) {
            values.put(attribute.getName(), value(attribute, node.getOpType(), nodeName));
        }
        return Attributes.of(values);
    }

    private Object value(OnnxMl.AttributeProto attribute, String opType, String nodeName) {
        return switch (attribute.getType()) {
            case INT -> attribute.getI();
            case FLOAT -> attribute.getF();
            case STRING -> utf8(attribute.getS());
            case INTS ->
                attribute.getIntsList().stream().mapToLong(Long::longValue).toArray();
            case FLOATS -> {
                float[] floats = new float[attribute.getFloatsCount()];
                for (int i = 0; i < floats.length; i++) {
                    floats[i] = attribute.getFloats(i);
                }
                yield floats;
            }
            case STRINGS ->
                attribute.getStringsList().stream().map(AttributeDecoder::utf8).toArray(String[]::new);
            case TENSOR -> tensors.decode(attribute.getT());
            default ->
                throw new CompilationException("Attribute '" + attribute.getName() + "' of " + opType
                        + " node '" + nodeName + "' has type " + attribute.getType()
                        + ", which Espalier does not support (subgraphs and sparse tensors cannot be compiled)");
        };
    }

    private static String utf8(ByteString bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
