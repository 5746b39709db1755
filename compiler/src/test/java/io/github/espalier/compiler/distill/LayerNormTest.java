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

class LayerNormTest {
    private static final float EPSILON = 1e-5f;

    private final ComputePool pool = ComputePool.create(2);

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void forwardNormalizesEachRowThenScalesAndShifts() {
        Random random = new Random(1);
        int rows = 3;
        int width = 10;
        Parameter gamma = parameter(random, "gamma", width);
        Parameter beta = parameter(random, "beta", width);
        float[] x = gaussian(random, rows * width);

        LayerNorm.Normalized result = new LayerNorm(gamma, beta, EPSILON, pool).forward(x, rows);

        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int i = 0; i < width; i++) {
                mean += x[r * width + i] / (double) width;
            }
            double variance = 0;
            for (int i = 0; i < width; i++) {
                variance += Math.pow(x[r * width + i] - mean, 2) / width;
            }
            double inverse = 1 / Math.sqrt(variance + EPSILON);
            assertThat((double) result.inverseDeviation()[r]).isCloseTo(inverse, offset(1e-5 * inverse));
            for (int i = 0; i < width; i++) {
                double normalized = (x[r * width + i] - mean) * inverse;
                assertThat((double) result.normalized()[r * width + i]).isCloseTo(normalized, offset(1e-5));
                assertThat((double) result.output()[r * width + i])
                        .isCloseTo(normalized * gamma.value()[i] + beta.value()[i], offset(1e-5));
            }
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Random random = new Random(2);
        int rows = 4;
        int width = 9;
        Parameter gamma = parameter(random, "gamma", width);
        Parameter beta = parameter(random, "beta", width);
        LayerNorm norm = new LayerNorm(gamma, beta, EPSILON, pool);
        float[] x = gaussian(random, rows * width);
        float[] r = gaussian(random, rows * width);

        float[] dx = norm.backward(norm.forward(x, rows), r, rows);

        assertMatches(
                "dx", dx, numeric(x, () -> weightedSum(r, norm.forward(x, rows).output()), 1e-2f), 1e-2);
        assertMatches(
                "dgamma",
                gamma.gradient(),
                numeric(
                        gamma.value(),
                        () -> weightedSum(r, norm.forward(x, rows).output()),
                        1e-2f),
                1e-2);
        assertMatches(
                "dbeta",
                beta.gradient(),
                numeric(beta.value(), () -> weightedSum(r, norm.forward(x, rows).output()), 1e-2f),
                1e-2);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int rows = 70;
        int width = 100;
        Result parallel = run(pool, rows, width);
        Result serial;
        try (ComputePool single = ComputePool.create(1)) {
            serial = run(single, rows, width);
        }

        assertThat(parallel.forward.output()).containsExactly(serial.forward.output());
        assertThat(parallel.forward.normalized()).containsExactly(serial.forward.normalized());
        assertThat(parallel.forward.inverseDeviation()).containsExactly(serial.forward.inverseDeviation());
        assertThat(parallel.dx).containsExactly(serial.dx);
        assertThat(parallel.gamma.gradient()).containsExactly(serial.gamma.gradient());
        assertThat(parallel.beta.gradient()).containsExactly(serial.beta.gradient());
    }

    private record Result(LayerNorm.Normalized forward, float[] dx, Parameter gamma, Parameter beta) {}

    private static Result run(ComputePool pool, int rows, int width) {
        Random random = new Random(9);
        Parameter gamma = parameter(random, "gamma", width);
        Parameter beta = parameter(random, "beta", width);
        LayerNorm norm = new LayerNorm(gamma, beta, EPSILON, pool);
        LayerNorm.Normalized forward = norm.forward(gaussian(random, rows * width), rows);
        float[] dx = norm.backward(forward, gaussian(random, rows * width), rows);
        return new Result(forward, dx, gamma, beta);
    }
}
