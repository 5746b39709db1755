package io.github.espalier.compiler.distill;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One post-LayerNorm BERT encoder layer of the student, trainable: the forward pass keeps what the backward
 * pass needs, and the backward pass adds every parameter's gradient and returns the input's.
 *
 * <pre>
 *   q, k, v = Dense(x)                   sum1 = Dense(Attention(q, k, v)) + x      norm1 = LayerNorm(sum1)
 *   sum2 = Dense(GELU(Dense(norm1))) + norm1                                      out = LayerNorm(sum2)
 * </pre>
 */
final class StudentLayer {
    final int teacherLayer;
    private final Dense query;
    private final Dense key;
    private final Dense value;
    private final SelfAttention attention;
    private final Dense projection;
    private final LayerNorm attentionNorm;
    private final Dense up;
    private final Gelu gelu;
    private final Dense down;
    private final LayerNorm outputNorm;
    private final List<Parameter> parameters;

    /**
     * @param teacherLayer the index of the original layer this one was pruned from, whose output it learns
     */
    StudentLayer(
            int teacherLayer,
            Dense query,
            Dense key,
            Dense value,
            SelfAttention attention,
            Dense projection,
            LayerNorm attentionNorm,
            Dense up,
            Gelu gelu,
            Dense down,
            LayerNorm outputNorm,
            List<Parameter> parameters) {
        this.teacherLayer = teacherLayer;
        this.query = query;
        this.key = key;
        this.value = value;
        this.attention = attention;
        this.projection = projection;
        this.attentionNorm = attentionNorm;
        this.up = up;
        this.gelu = gelu;
        this.down = down;
        this.outputNorm = outputNorm;
        this.parameters = List.copyOf(parameters);
    }

    /** What one forward pass keeps for the backward pass. */
    record Activations(
            float[] input,
            float[] q,
            float[] k,
            float[] v,
            SelfAttention.Saved attention,
            LayerNorm.Normalized norm1,
            float[] up,
            float[] gelu,
            LayerNorm.Normalized norm2) {
        float[] output() {
            return norm2.output();
        }
    }

    List<Parameter> parameters() {
        return parameters;
    }

    /**
     * This layer on the same weights, adding to gradients of its own ({@link Parameter#withOwnGradient}), its
     * {@link #parameters} in the same order: one shard of a training step runs on it.
     */
    StudentLayer withOwnGradients() {
        Map<Parameter, Parameter> copies = new IdentityHashMap<>();
        UnaryOperator<Parameter> copy = parameter -> copies.computeIfAbsent(parameter, Parameter::withOwnGradient);
        return new StudentLayer(
                teacherLayer,
                query.withParameters(copy),
                key.withParameters(copy),
                value.withParameters(copy),
                attention,
                projection.withParameters(copy),
                attentionNorm.withParameters(copy),
                up.withParameters(copy),
                gelu,
                down.withParameters(copy),
                outputNorm.withParameters(copy),
                parameters.stream().map(copy).toList());
    }

    /** Packs the weights of every product once for all shards of a step, until {@link #unpackWeights}. */
    void packWeights() {
        denses().forEach(Dense::pack);
    }

    /** Drops the packed weights, before the optimizer changes them. */
    void unpackWeights() {
        denses().forEach(Dense::unpack);
    }

    private List<Dense> denses() {
        return List.of(query, key, value, projection, up, down);
    }

    /** @param x the hidden states [tokens, width], laid out as {@code sequences} */
    Activations forward(float[] x, Sequences sequences) {
        int rows = sequences.tokens();
        float[] q = query.forward(x, rows);
        float[] k = key.forward(x, rows);
        float[] v = value.forward(x, rows);
        SelfAttention.Saved attended = attention.forward(q, k, v, sequences);
        float[] sum1 = projection.forward(attended.context(), rows);
        add(sum1, x);
        LayerNorm.Normalized norm1 = attentionNorm.forward(sum1, rows);
        float[] upOut = up.forward(norm1.output(), rows);
        float[] activated = gelu.forward(upOut);
        float[] sum2 = down.forward(activated, rows);
        add(sum2, norm1.output());
        return new Activations(x, q, k, v, attended, norm1, upOut, activated, outputNorm.forward(sum2, rows));
    }

    /**
     * Adds the parameters' gradients of the loss and returns its gradient w.r.t. the layer's input, or null
     * where {@code inputGradient} is false: the first layer's input is the teacher's, a constant, and its
     * gradient would cost three products for nothing.
     */
    float[] backward(Activations saved, float[] dOutput, Sequences sequences, boolean inputGradient) {
        int rows = sequences.tokens();
        float[] dSum2 = outputNorm.backward(saved.norm2(), dOutput, rows);
        float[] dNorm1 = gelu.backward(saved.up(), saved.gelu(), down.backward(saved.gelu(), dSum2, rows));
        dNorm1 = up.backward(saved.norm1().output(), dNorm1, rows);
        add(dNorm1, dSum2);
        float[] dSum1 = attentionNorm.backward(saved.norm1(), dNorm1, rows);
        float[] dContext = projection.backward(saved.attention().context(), dSum1, rows);
        SelfAttention.Gradients d =
                attention.backward(saved.q(), saved.k(), saved.v(), saved.attention(), dContext, sequences);
        // query, key and value share their input, so it is transposed once for their three weight gradients
        MatrixProducts.TransposedInput input = query.transposeInput(saved.input(), rows);
        if (!inputGradient) {
            query.addParameterGradients(input, d.query());
            key.addParameterGradients(input, d.key());
            value.addParameterGradients(input, d.value());
            return null;
        }
        float[] dInput = dSum1;
        add(dInput, query.backward(input, d.query()));
        add(dInput, key.backward(input, d.key()));
        add(dInput, value.backward(input, d.value()));
        return dInput;
    }

    private static void add(float[] target, float[] addend) {
        for (int i = 0; i < target.length; i++) {
            target[i] += addend[i];
        }
    }
}
