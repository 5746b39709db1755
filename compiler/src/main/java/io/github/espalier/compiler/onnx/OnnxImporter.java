package io.github.espalier.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.espalier.compiler.CompilationException;
import io.github.espalier.compiler.ir.ConstantValue;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.exec.KernelRegistry;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Imports an ONNX model file (and its external data, confined to the model's folder) into the graph IR. */
public final class OnnxImporter {
    /** The attribute that carries the model's default-domain opset version on every node. */
    public static final String OPSET_ATTRIBUTE = "opset";

    private OnnxImporter() {}

    public static Graph importModel(Path modelFile) {
        return importModel(modelFile, KernelRegistry.supportedOps());
    }

    /** Imports and checks every operator against {@code supportedOps} (the runtime's, or a test's). */
    static Graph importModel(Path modelFile, Set<String> supportedOps) {
        OnnxMl.ModelProto model = parse(modelFile);
        Map<String, Long> opsets = opsets(model, modelFile);
        OperatorSupport.check(model.getGraph(), opsets, supportedOps);
        Path folder = modelFile.toAbsolutePath().getParent();
        return convert(model.getGraph(), opsets.get(""), new TensorDecoder(folder));
    }

    private static OnnxMl.ModelProto parse(Path modelFile) {
        OnnxMl.ModelProto model;
        try (InputStream in = Files.newInputStream(modelFile)) {
            model = OnnxMl.ModelProto.parseFrom(in);
        } catch (NoSuchFileException e) {
            throw new CompilationException(
                    "ONNX model file not found: " + modelFile.toAbsolutePath() + "; check the configured model path",
                    e);
        } catch (InvalidProtocolBufferException e) {
            throw notAModel(modelFile, e.getMessage(), e);
        } catch (IOException e) {
            throw new CompilationException("Cannot read ONNX model file " + modelFile.toAbsolutePath() + ": " + e, e);
        }
        if (!model.hasGraph() || model.getOpsetImportCount() == 0) {
            throw notAModel(modelFile, "it has no graph or no opset_import", null);
        }
        return model;
    }

    private static CompilationException notAModel(Path modelFile, String why, Throwable cause) {
        return new CompilationException(
                "File " + modelFile.toAbsolutePath() + " is not a readable ONNX model (" + why
                        + "); it may be truncated or corrupt: download or export it again",
                cause);
    }

    /** Opset versions by domain; "ai.onnx" is stored as the default domain "". */
    private static Map<String, Long> opsets(OnnxMl.ModelProto model, Path modelFile) {
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OnnxMl.OperatorSetIdProto opset : model.getOpsetImportList()) {
            opsets.put(OperatorSupport.normalizeDomain(opset.getDomain()), opset.getVersion());
        }
        if (!opsets.containsKey("")) {
            throw notAModel(modelFile, "it imports no default-domain (ai.onnx) opset", null);
        }
        return opsets;
    }

    private static Graph convert(OnnxMl.GraphProto graph, long opset, TensorDecoder decoder) {
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        for (OnnxMl.TensorProto tensor : graph.getInitializerList()) {
            initializers.put(tensor.getName(), decoder.decode(tensor));
        }
        List<ValueSpec> inputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
            if (!initializers.containsKey(input.getName())) {
                inputs.add(valueSpec(input, "input"));
            }
        }
        List<ValueSpec> outputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto output : graph.getOutputList()) {
            outputs.add(valueSpec(output, "output"));
        }
        if (outputs.isEmpty()) {
            throw new CompilationException("The graph declares no outputs, so there is nothing to compute; the model"
                    + " file is incomplete or corrupt: export it again");
        }
        AttributeDecoder attributes = new AttributeDecoder(decoder);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            OnnxMl.NodeProto proto = graph.getNode(i);
            String name = proto.getName().isEmpty() ? proto.getOpType() + "_" + i : proto.getName();
            if (proto.getOutputCount() == 0) {
                // Every ONNX operator writes at least one output; a Constant without one has nowhere to go.
                throw new CompilationException("Node '" + name + "' (" + proto.getOpType() + ") has no outputs;"
                        + " the model file is incomplete or corrupt: export it again");
            }
            Attributes decoded = attributes.decode(proto, name).with(OPSET_ATTRIBUTE, opset);
            Node node = new Node(name, proto.getOpType(), proto.getInputList(), proto.getOutputList(), decoded);
            if (node.opType().equals("Constant")) {
                initializers.put(node.output(0), ConstantValue.of(node));
            } else {
                nodes.add(node);
            }
        }
        return new Graph(graph.getName(), inputs, outputs, nodes, initializers, Map.of());
    }

    private static ValueSpec valueSpec(OnnxMl.ValueInfoProto value, String role) {
        OnnxMl.TypeProto type = value.getType();
        if (!type.hasTensorType() || !type.getTensorType().hasShape()) {
            throw new CompilationException("Graph " + role + " '" + value.getName()
                    + "' has no declared tensor type and shape; export the model with shapes declared");
        }
        OnnxMl.TypeProto.Tensor tensorType = type.getTensorType();
        DType dtype = TensorDecoder.dtype(tensorType.getElemType(), "graph " + role + " '" + value.getName() + "'");
        List<Dim> shape = new ArrayList<>();
        List<OnnxMl.TensorShapeProto.Dimension> dims = tensorType.getShape().getDimList();
        for (int axis = 0; axis < dims.size(); axis++) {
            OnnxMl.TensorShapeProto.Dimension dim = dims.get(axis);
            if (dim.hasDimValue() && dim.getDimValue() >= 0) {
                shape.add(Dim.of(dim.getDimValue()));
            } else if (dim.hasDimParam() && !dim.getDimParam().isEmpty()) {
                shape.add(Dim.symbol(dim.getDimParam()));
            } else {
                shape.add(Dim.symbol(value.getName() + "_dim" + axis));
            }
        }
        return new ValueSpec(value.getName(), dtype, shape);
    }
}
