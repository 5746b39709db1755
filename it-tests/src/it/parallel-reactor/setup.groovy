// Builds a tiny encoder-shaped ONNX model (see onnx-model.groovy), which both modules compile: embedding
// lookup, LayerNormalization, masked by the attention mask.
// A few KB, so the IT spends its time on the parallel build, not on a real checkpoint.
import ai.onnx.proto.OnnxMl.AttributeProto
import ai.onnx.proto.OnnxMl.GraphProto
import ai.onnx.proto.OnnxMl.NodeProto
import ai.onnx.proto.OnnxMl.TensorProto

final int vocabulary = 32
final int hidden = 8

def onnx = evaluate(new File(itSource, 'onnx-model.groovy'))
def value = onnx.value
def floats = { String name, List<Long> dims, Closure<Float> valueAt ->
    def tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.number).addAllDims(dims)
    long count = dims.inject(1L) { a, b -> a * b }
    (0L..<count).each { tensor.addFloatData(valueAt(it as int) as float) }
    tensor.build()
}
def node = { String op, List<String> inputs, String output ->
    NodeProto.newBuilder().setName(output).setOpType(op).addAllInput(inputs).addOutput(output)
}
def tokens = ['batch_size', 'sequence_length']
def graph = GraphProto.newBuilder()
        .setName('tiny-encoder')
        .addInitializer(floats('word_embeddings', [vocabulary as long, hidden as long]) { i -> Math.sin(i * 0.37) as float })
        .addInitializer(floats('gamma', [hidden as long]) { i -> 1 + i * 0.1f })
        .addInitializer(floats('beta', [hidden as long]) { i -> i * 0.01f })
        .addInitializer(TensorProto.newBuilder().setName('last_axis').setDataType(TensorProto.DataType.INT64.number)
                .addDims(1).addInt64Data(-1))
        .addNode(node('Gather', ['word_embeddings', 'input_ids'], 'embedded'))
        .addNode(node('LayerNormalization', ['embedded', 'gamma', 'beta'], 'normed')
                .addAttribute(AttributeProto.newBuilder().setName('epsilon').setType(AttributeProto.AttributeType.FLOAT).setF(1e-5f)))
        .addNode(node('Cast', ['attention_mask'], 'mask')
                .addAttribute(AttributeProto.newBuilder().setName('to').setType(AttributeProto.AttributeType.INT)
                        .setI(TensorProto.DataType.FLOAT.number)))
        .addNode(node('Unsqueeze', ['mask', 'last_axis'], 'mask3'))
        .addNode(node('Mul', ['normed', 'mask3'], 'last_hidden_state'))
        .addInput(value('input_ids', TensorProto.DataType.INT64, tokens))
        .addInput(value('attention_mask', TensorProto.DataType.INT64, tokens))
        .addOutput(value('last_hidden_state', TensorProto.DataType.FLOAT, tokens + [hidden]))
onnx.write(graph, 'model/tiny-encoder.onnx')
return true
