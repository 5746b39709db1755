package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Node;
import java.util.List;

/**
 * The nodes of one fused BERT encoder layer, as the standard passes leave it:
 *
 * <pre>
 *   q, k, v = MatMulBias(input)            context = Attention(q, k, v, mask)
 *   norm1   = LayerNorm(MatMulBias(context) + input)
 *   output  = LayerNorm(MatMulBias(MatMulBias(norm1, gelu)) + norm1)
 * </pre>
 *
 * Query, key and value columns {@code [h·d, (h+1)·d)} belong to head h, as do the rows of the attention's
 * output projection; FFN neuron j is a column of {@code up} and a row of {@code down}.
 */
public record EncoderLayer(
        Node query,
        Node key,
        Node value,
        Node attention,
        Node attentionProjection,
        Node attentionResidual,
        Node attentionNorm,
        Node up,
        Node down,
        Node outputResidual,
        Node outputNorm,
        int heads,
        int neurons) {

    /** The hidden state the layer reads. */
    public String input() {
        return query.input(0);
    }

    /** The hidden state the layer writes. */
    public String output() {
        return outputNorm.output(0);
    }

    /** The additive attention mask the layer's attention reads. */
    public String mask() {
        return attention.input(3);
    }

    public List<Node> nodes() {
        return List.of(
                query,
                key,
                value,
                attention,
                attentionProjection,
                attentionResidual,
                attentionNorm,
                up,
                down,
                outputResidual,
                outputNorm);
    }
}
