package io.github.espalier.compiler.distill;

import static io.github.espalier.compiler.distill.GradientCheck.assertMatches;
import static io.github.espalier.compiler.distill.GradientCheck.gaussian;
import static io.github.espalier.compiler.distill.GradientCheck.numeric;
import static io.github.espalier.compiler.distill.GradientCheck.parameter;
import static io.github.espalier.compiler.distill.GradientCheck.weightedSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DenseTest {
    private static final int ROWS = 5;
    private static final int IN = 7;
    private static final int OUT = 6;

    private final ComputePool pool = ComputePool.create(2);
    private final Random random = new Random(11);
    private final Parameter weights = parameter(random, "w", IN * OUT);
    private final Parameter bias = parameter(random, "b", OUT);
    private final Dense dense = new Dense(weights, bias, IN, OUT, new MatrixProducts(pool));
    private final float[] x = gaussian(random, ROWS * IN);

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void forwardIsInputTimesWeightsPlusBias() {
        float[] y = dense.forward(x, ROWS);

        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < OUT; j++) {
                double expected = bias.value()[j];
                for (int i = 0; i < IN; i++) {
                    expected += (double) x[r * IN + i] * weights.value()[i * OUT + j];
                }
                assertThat((double) y[r * OUT + j]).isCloseTo(expected, offset(1e-5));
            }
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        float[] r = gaussian(random, ROWS * OUT);

        float[] dx = dense.backward(x, r, ROWS);

        assertMatches("dx", dx, numeric(x, () -> weightedSum(r, dense.forward(x, ROWS)), 1e-2f), 1e-2);
        assertMatches(
                "dW",
                weights.gradient(),
                numeric(weights.value(), () -> weightedSum(r, dense.forward(x, ROWS)), 1e-2f),
                1e-2);
        assertMatches(
                "db",
                bias.gradient(),
                numeric(bias.value(), () -> weightedSum(r, dense.forward(x, ROWS)), 1e-2f),
                1e-2);
    }

    @Test
    void backwardAddsToTheParameterGradients() {
        float[] dy = gaussian(random, ROWS * OUT);
        dense.backward(x, dy, ROWS);
        float[] weightsOnce = weights.gradient().clone();
        float[] biasOnce = bias.gradient().clone();
        assertThat(weightsOnce).doesNotContain(0f);
        assertThat(biasOnce).doesNotContain(0f);

        dense.backward(x, dy, ROWS);

        for (int i = 0; i < weightsOnce.length; i++) {
            assertThat(weights.gradient()[i]).isEqualTo(2 * weightsOnce[i]);
        }
        for (int j = 0; j < OUT; j++) {
            assertThat(bias.gradient()[j]).isEqualTo(2 * biasOnce[j]);
        }
    }
}
