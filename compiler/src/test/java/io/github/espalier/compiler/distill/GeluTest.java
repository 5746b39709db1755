package io.github.espalier.compiler.distill;

import static io.github.espalier.compiler.distill.GradientCheck.assertMatches;
import static io.github.espalier.compiler.distill.GradientCheck.gaussian;
import static io.github.espalier.compiler.distill.GradientCheck.numeric;
import static io.github.espalier.compiler.distill.GradientCheck.weightedSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeluTest {
    private final Gelu gelu = new Gelu(ComputePool.create(2));

    @Test
    void forwardIsTheExactGelu() {
        float[] y = gelu.forward(new float[] {-1, 0, 1, 3});

        // x·Φ(x) from tables of the normal distribution
        assertThat(y[0]).isCloseTo(-0.15865525f, offset(1e-6f));
        assertThat(y[1]).isZero();
        assertThat(y[2]).isCloseTo(0.84134475f, offset(1e-6f));
        assertThat(y[3]).isCloseTo(2.99595031f, offset(1e-5f));
    }

    @Test
    void derivativeAtZeroIsOneHalf() {
        float[] zero = {0};
        assertThat(gelu.backward(zero, gelu.forward(zero), new float[] {3})).containsExactly(1.5f);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Random random = new Random(3);
        // enough elements for several blocks, the vector loops and their scalar tail, spread over [-6, 6]
        float[] x = new float[2203];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (12.0 * i / (x.length - 1) - 6 + 0.01 * random.nextGaussian());
        }
        float[] r = gaussian(random, x.length);

        float[] dx = gelu.backward(x, gelu.forward(x), r);

        assertMatches("dx", dx, numeric(x, () -> weightedSum(r, gelu.forward(x)), 1e-2f), 1e-2);
    }
}
