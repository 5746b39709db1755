// Builds a minimal, valid ONNX model with the ONNX schema classes (tribuo-util-onnx, on the script class
// path): one NonMaxSuppression node, an op the compiler does not support. Nothing binary is checked in.
import ai.onnx.proto.OnnxMl.GraphProto
import ai.onnx.proto.OnnxMl.ModelProto
import ai.onnx.proto.OnnxMl.NodeProto
import ai.onnx.proto.OnnxMl.OperatorSetIdProto
import ai.onnx.proto.OnnxMl.TensorProto
import ai.onnx.proto.OnnxMl.TensorShapeProto
import ai.onnx.proto.OnnxMl.TypeProto
import ai.onnx.proto.OnnxMl.ValueInfoProto

def value = { String name, TensorProto.DataType type, List<Long> dims ->
    def shape = TensorShapeProto.newBuilder()
    dims.each { shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(it)) }
    ValueInfoProto.newBuilder()
            .setName(name)
            .setType(TypeProto.newBuilder().setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.number).setShape(shape)))
            .build()
}
def graph = GraphProto.newBuilder()
        .setName('nms')
        .addNode(NodeProto.newBuilder().setName('nms').setOpType('NonMaxSuppression')
                .addInput('boxes').addInput('scores').addOutput('selected_indices'))
        .addInput(value('boxes', TensorProto.DataType.FLOAT, [1L, 8L, 4L]))
        .addInput(value('scores', TensorProto.DataType.FLOAT, [1L, 1L, 8L]))
        .addOutput(value('selected_indices', TensorProto.DataType.INT64, [8L, 3L]))
def model = ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName('espalier-it')
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain('').setVersion(17))
        .setGraph(graph)
        .build()
def file = new File(basedir, 'model/nms.onnx')
file.parentFile.mkdirs()
file.bytes = model.toByteArray()
return true
