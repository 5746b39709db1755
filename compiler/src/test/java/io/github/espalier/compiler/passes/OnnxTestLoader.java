package io.github.espalier.compiler.passes;

import ai.onnx.proto.OnnxMl;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.onnx.OnnxImporter;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an ONNX model for pass tests: through {@link OnnxImporter} once it exists, until then with a
 * minimal protobuf reader that covers what the MiniLM exports use (Constant nodes stay nodes).
 */
final class OnnxTestLoader {
    private OnnxTestLoader() {}

    /** Copies a classpath resource (a model inside a checkpoint jar) to {@code folder}. */
    static Path copyResource(String resource, Path folder) throws IOException {
        Path target = folder.resolve(resource);
        try (InputStream in = OnnxTestLoader.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the test classpath");
            }
            Files.copy(in, target);
        }
        return target;
    }

    static Graph load(Path model) throws IOException {
        try {
            return OnnxImporter.importModel(model);
        } catch (UnsupportedOperationException importerNotYetThere) {
            try (InputStream in = Files.newInputStream(model)) {
                return convert(OnnxMl.ModelProto.parseFrom(in).getGraph());
            }
        }
    }

    private static Graph convert(OnnxMl.GraphProto proto) {
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        for (OnnxMl.TensorProto tensor : proto.getInitializerList()) {
            initializers.put(tensor.getName(), tensor(tensor));
        }
        List<Node> nodes = new ArrayList<>();
        for (OnnxMl.NodeProto node : proto.getNodeList()) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (OnnxMl.AttributeProto attribute : node.getAttributeList()) {
                attributes.put(attribute.getName(), attribute(attribute));
            }
            nodes.add(new Node(
                    node.getName(),
                    node.getOpType(),
                    node.getInputList(),
                    node.getOutputList(),
                    Attributes.of(attributes)));
        }
        List<ValueSpec> inputs = proto.getInputList().stream()
                .filter(input -> !initializers.containsKey(input.getName()))
                .map(OnnxTestLoader::spec)
                .toList();
        List<ValueSpec> outputs =
                proto.getOutputList().stream().map(OnnxTestLoader::spec).toList();
        return new Graph(proto.getName(), inputs, outputs, nodes, initializers, Map.of());
    }

    private static ValueSpec spec(OnnxMl.ValueInfoProto info) {
        OnnxMl.TypeProto.Tensor type = info.getType().getTensorType();
        List<Dim> shape = type.getShape().getDimList().stream()
                .map(d -> d.hasDimValue() ? Dim.of(d.getDimValue()) : Dim.symbol(d.getDimParam()))
                .toList();
        return new ValueSpec(info.getName(), DType.fromOnnxCode(type.getElemType()), shape);
    }

    private static Object attribute(OnnxMl.AttributeProto attribute) {
        return switch (attribute.getType()) {
            case FLOAT -> attribute.getF();
            case INT -> attribute.getI();
            case STRING -> attribute.getS().toStringUtf8();
            case TENSOR -> tensor(attribute.getT());
            case INTS ->
                attribute.getIntsList().stream().mapToLong(Long::longValue).toArray();
            case FLOATS -> {
                float[] values = new float[attribute.getFloatsCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = attribute.getFloats(i);
                }
                yield values;
            }
            default -> throw new IllegalArgumentException("attribute type " + attribute.getType());
        };
    }

    private static Tensor tensor(OnnxMl.TensorProto proto) {
        DType dtype = DType.fromOnnxCode(proto.getDataType());
        long[] shape = proto.getDimsList().stream().mapToLong(Long::longValue).toArray();
        Tensor tensor = Tensor.allocate(dtype, shape);
        if (!proto.getRawData().isEmpty()) {
            MemorySegment raw = MemorySegment.ofArray(proto.getRawData().toByteArray());
            ValueLayout element =
                    switch (dtype) {
                        case FLOAT -> ValueLayout.JAVA_FLOAT_UNALIGNED;
                        case INT64 -> ValueLayout.JAVA_LONG_UNALIGNED;
                        case INT32 -> ValueLayout.JAVA_INT_UNALIGNED;
                        case UINT8, INT8, BOOL -> ValueLayout.JAVA_BYTE;
                        default -> throw new IllegalArgumentException("raw " + dtype + " tensors are not needed here");
                    };
            MemorySegment.copy(
                    raw,
                    element.withOrder(ByteOrder.LITTLE_ENDIAN),
                    0,
                    tensor.data(),
                    element.withOrder(ByteOrder.nativeOrder()),
                    0,
                    tensor.elementCount());
        } else if (dtype == DType.FLOAT) {
            for (int i = 0; i < proto.getFloatDataCount(); i++) {
                tensor.setFloat(i, proto.getFloatData(i));
            }
        } else if (dtype == DType.UINT8 || dtype == DType.INT8 || dtype == DType.INT32) {
            for (int i = 0; i < proto.getInt32DataCount(); i++) {
                int value = proto.getInt32Data(i);
                if (dtype == DType.INT32) {
                    tensor.data().setAtIndex(ValueLayout.JAVA_INT, i, value);
                } else {
                    tensor.data().set(ValueLayout.JAVA_BYTE, i, (byte) value);
                }
            }
        } else if (dtype == DType.INT64) {
            for (int i = 0; i < proto.getInt64DataCount(); i++) {
                tensor.setLong(i, proto.getInt64Data(i));
            }
        }
        return tensor;
    }
}
