package io.github.espalier.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds small ONNX models with the protobuf builders, the way an exporter writes them. */
public final class OnnxModels {
    public static final int FLOAT = 1;
    public static final int INT8 = 3;
    public static final int INT64 = 7;

    private OnnxModels() {}

    public static OnnxMl.ModelProto model(OnnxMl.GraphProto graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder()
                        .setDomain("com.microsoft")
                        .setVersion(1))
                .setGraph(graph)
                .build();
    }

    public static Path write(Path folder, OnnxMl.ModelProto model) {
        Path file = folder.resolve("model.onnx");
        try {
            Files.write(file, model.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static OnnxMl.ValueInfoProto value(String name, int elemType, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder d = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof Integer size) {
                d.setDimValue(size);
            } else if (dim instanceof String symbol) {
                d.setDimParam(symbol);
            }
            shape.addDim(d);
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(elemType)
                                .setShape(shape)))
                .build();
    }

    /** A FLOAT tensor stored as little-endian raw_data, as PyTorch's exporter writes weights. */
    public static OnnxMl.TensorProto rawFloats(String name, List<Long> dims, float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        return OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(FLOAT)
                .addAllDims(dims)
                .setRawData(ByteString.copyFrom(bytes.array()))
                .build();
    }

    public static OnnxMl.TensorProto typedLongs(String name, List<Long> dims, long... values) {
        OnnxMl.TensorProto.Builder tensor =
                OnnxMl.TensorProto.newBuilder().setName(name).setDataType(INT64).addAllDims(dims);
        for (long v : values) {
            tensor.addInt64Data(v);
        }
        return tensor.build();
    }

    public static OnnxMl.NodeProto.Builder node(String op, String name, List<String> inputs, List<String> outputs) {
        return OnnxMl.NodeProto.newBuilder()
                .setOpType(op)
                .setName(name)
                .addAllInput(inputs)
                .addAllOutput(outputs);
    }

    public static OnnxMl.AttributeProto.Builder attribute(String name, OnnxMl.AttributeProto.AttributeType type) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(type);
    }
}
