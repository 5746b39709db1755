// Shared by the setup scripts that build small ONNX models with the ONNX schema classes (tribuo-util-onnx, on
// the script class path), so nothing binary is checked in. Evaluated, it returns its helpers:
//   value(name, type, dims): a graph input or output; a String dim is symbolic, a number fixed
//   write(graph, path): the graph as an opset-17 model, written to `path` under the case's folder
import ai.onnx.proto.OnnxMl.ModelProto
import ai.onnx.proto.OnnxMl.OperatorSetIdProto
import ai.onnx.proto.OnnxMl.TensorProto
import ai.onnx.proto.OnnxMl.TensorShapeProto
import ai.onnx.proto.OnnxMl.TypeProto
import ai.onnx.proto.OnnxMl.ValueInfoProto

def value = { String name, TensorProto.DataType type, List dims ->
    def shape = TensorShapeProto.newBuilder()
    dims.each {
        def dim = TensorShapeProto.Dimension.newBuilder()
        it instanceof String ? dim.setDimParam(it) : dim.setDimValue(it as long)
        shape.addDim(dim)
    }
    ValueInfoProto.newBuilder()
            .setName(name)
            .setType(TypeProto.newBuilder().setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.number).setShape(shape)))
            .build()
}
def write = { graph, String path ->
    def model = ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName('espalier-it')
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain('').setVersion(17))
            .setGraph(graph)
            .build()
    def file = new File(basedir, path)
    file.parentFile.mkdirs()
    file.bytes = model.toByteArray()
}
return [value: value, write: write]
