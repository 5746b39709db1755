// Builds a minimal, valid ONNX model (see onnx-model.groovy): one NonMaxSuppression node, an op the compiler
// does not support.
import ai.onnx.proto.OnnxMl.GraphProto
import ai.onnx.proto.OnnxMl.NodeProto
import ai.onnx.proto.OnnxMl.TensorProto

def onnx = evaluate(new File(itSource, 'onnx-model.groovy'))
def value = onnx.value
def graph = GraphProto.newBuilder()
        .setName('nms')
        .addNode(NodeProto.newBuilder().setName('nms').setOpType('NonMaxSuppression')
                .addInput('boxes').addInput('scores').addOutput('selected_indices'))
        .addInput(value('boxes', TensorProto.DataType.FLOAT, [1L, 8L, 4L]))
        .addInput(value('scores', TensorProto.DataType.FLOAT, [1L, 1L, 8L]))
        .addOutput(value('selected_indices', TensorProto.DataType.INT64, [8L, 3L]))
onnx.write(graph, 'model/nms.onnx')
return true
