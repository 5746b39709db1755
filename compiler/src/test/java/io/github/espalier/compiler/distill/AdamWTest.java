package io.github.espalier.compiler.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdamWTest {
    private final ComputePool pool = ComputePool.create(2);

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void twoStepsFollowAdamWithDecoupledDecayOnDecayedParametersOnly() {
        Parameter weights = new Parameter("w", new float[] {1f, -2f}, true);
        Parameter bias = new Parameter("b", new float[] {0.5f}, false);
        AdamW optimizer = new AdamW(List.of(weights, bias), 0.1, 100, pool);
        double lr = 0.01;
        float[][] gradients = {{0.3f, -0.1f, 0.2f}, {0.1f, 0.4f, -0.3f}};
        double[] expected = {1, -2, 0.5};
        double[] m = new double[3];
        double[] v = new double[3];
        for (int step = 1; step <= 2; step++) {
            float[] g = gradients[step - 1];
            weights.gradient()[0] = g[0];
            weights.gradient()[1] = g[1];
            bias.gradient()[0] = g[2];
            optimizer.step(lr);
            for (int i = 0; i < 3; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double update =
                        (m[i] / (1 - Math.pow(0.9, step))) / (Math.sqrt(v[i] / (1 - Math.pow(0.999, step))) + 1e-8);
                expected[i] = expected[i] * (i < 2 ? 1 - lr * 0.1 : 1) - lr * update;
            }
        }

        assertThat((double) weights.value()[0]).isCloseTo(expected[0], offset(1e-6));
        assertThat((double) weights.value()[1]).isCloseTo(expected[1], offset(1e-6));
        assertThat((double) bias.value()[0]).isCloseTo(expected[2], offset(1e-6));
        assertThat(weights.gradient()).containsOnly(0f);
    }

    @Test
    void clipsToTheGlobalNormAndReportsTheNormBeforeClipping() {
        Parameter weights = new Parameter("w", new float[] {0f, 0f}, false);
        AdamW optimizer = new AdamW(List.of(weights), 0, 1, pool);
        weights.gradient()[0] = 3;
        weights.gradient()[1] = 4;

        assertThat(optimizer.step(0.1)).isCloseTo(5, offset(1e-9));
        weights.gradient()[0] = 0.3f;
        weights.gradient()[1] = -0.1f;
        optimizer.step(0.1);

        // The first gradient enters the moments at norm 1 (3/5, 4/5), the second, of norm 0.32, as it is.
        double[][] seen = {{0.6, 0.8}, {0.3, -0.1}};
        for (int i = 0; i < 2; i++) {
            double m = 0;
            double v = 0;
            double expected = 0;
            for (int step = 1; step <= 2; step++) {
                double g = seen[step - 1][i];
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * g * g;
                expected -= 0.1 * (m / (1 - Math.pow(0.9, step))) / Math.sqrt(v / (1 - Math.pow(0.999, step)));
            }
            assertThat((double) weights.value()[i]).isCloseTo(expected, offset(1e-6));
        }
    }

    @Test
    void updatesLargeParametersAlikeOnOneAndTwoThreads() {
        float[] result1 = run(ComputePool.create(1));
        float[] result2 = run(pool);

        assertThat(result1).isEqualTo(result2);
    }

    private static float[] run(ComputePool threads) {
        Parameter large = new Parameter("large", new float[100_000], true);
        AdamW optimizer = new AdamW(List.of(large), 0.01, 1, threads);
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < large.gradient().length; i++) {
                large.gradient()[i] = (float) Math.sin(i * 0.37 + step);
            }
            optimizer.step(1e-3);
        }
        return large.value();
    }
}
