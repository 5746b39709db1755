package io.github.espalier.compiler.distill;

import static io.github.espalier.compiler.distill.GradientCheck.assertMatches;
import static io.github.espalier.compiler.distill.GradientCheck.numeric;
import static io.github.espalier.compiler.distill.GradientCheck.weightedSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.github.espalier.runtime.exec.ComputePool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole layer's backward, residuals included, against finite differences on a tiny random layer. */
class StudentLayerTest {
    /** Two texts of different lengths. */
    private static final Sequences TEXTS = Sequences.of(3, 2);

    private static final int HEADS = 2;
    private static final int HEAD_SIZE = 2;
    private static final int WIDTH = 5;
    private static final int NEURONS = 7;

    private final ComputePool pool = ComputePool.create(2);

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void backwardMatchesFiniteDifferencesForInputAndEveryParameter() {
        RandomLayers random = new RandomLayers(11, pool);
        StudentLayer layer = random.layer(0, WIDTH, HEADS, HEAD_SIZE, NEURONS);
        // Parameters come in construction order: query weights and bias, then key weights and bias.
        Parameter keyBias = layer.parameters().get(3);
        float[] x = random.gaussian(TEXTS.tokens() * WIDTH, 1);
        float[] r = random.gaussian(x.length, 1);

        float[] dx = layer.backward(layer.forward(x, TEXTS), r, TEXTS, true);

        assertMatches("dx", dx, numeric(x, () -> objective(layer, x, r), 1e-2f), 2e-2);
        for (Parameter parameter : layer.parameters()) {
            double[] expected = numeric(parameter.value(), () -> objective(layer, x, r), 1e-2f);
            if (parameter == keyBias) {
                // Softmax ignores what is added to every score of a row, and q·b_k is: no gradient.
                assertThat(parameter.gradient()).containsOnly(new float[parameter.gradient().length], offset(1e-4f));
                assertThat(expected).containsOnly(new double[expected.length], offset(1e-3));
            } else {
                assertMatches(parameter.name(), parameter.gradient(), expected, 2e-2);
            }
        }
    }

    @Test
    void withoutTheInputGradientAddsTheSameParameterGradients() {
        StudentLayer withInput = new RandomLayers(12, pool).layer(0, WIDTH, HEADS, HEAD_SIZE, NEURONS);
        StudentLayer withoutInput = new RandomLayers(12, pool).layer(0, WIDTH, HEADS, HEAD_SIZE, NEURONS);
        RandomLayers random = new RandomLayers(13, pool);
        float[] x = random.gaussian(TEXTS.tokens() * WIDTH, 1);
        float[] r = random.gaussian(x.length, 1);

        withInput.backward(withInput.forward(x, TEXTS), r, TEXTS, true);
        float[] dx = withoutInput.backward(withoutInput.forward(x, TEXTS), r, TEXTS, false);

        assertThat(dx).isNull();
        for (int p = 0; p < withInput.parameters().size(); p++) {
            assertThat(withoutInput.parameters().get(p).gradient())
                    .as(withInput.parameters().get(p).name())
                    .isEqualTo(withInput.parameters().get(p).gradient());
        }
    }

    private static double objective(StudentLayer layer, float[] x, float[] r) {
        return weightedSum(r, layer.forward(x, TEXTS).output());
    }
}
