package io.github.espalier.runtime.exec.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VectorExpTest {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void isWithinTwoUlpOfMathExpOverTheNormalRange(boolean fma) {
        float[] x = new float[SPECIES.length()];
        float[] y = new float[x.length];
        float worstUlps = 0;
        for (float start = -87.3f; start < 88.3f; start += 0.0013f * x.length) {
            for (int lane = 0; lane < x.length; lane++) {
                x[lane] = Math.min(88.3f, start + 0.0013f * lane);
            }
            VectorExp.exp(FloatVector.fromArray(SPECIES, x, 0), fma).intoArray(y, 0);
            for (int lane = 0; lane < x.length; lane++) {
                float expected = (float) Math.exp(x[lane]);
                worstUlps = Math.max(worstUlps, Math.abs(y[lane] - expected) / Math.ulp(expected));
            }
        }
        assertThat(worstUlps).isLessThanOrEqualTo(2f);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void underflowsToZeroAndIsOneAtZero(boolean fma) {
        float[] x = new float[SPECIES.length()];
        for (int lane = 0; lane < x.length; lane++) {
            x[lane] = lane % 3 == 0 ? -1e4f : lane % 3 == 1 ? Float.NEGATIVE_INFINITY : -88f;
        }
        float[] y = new float[x.length];
        VectorExp.exp(FloatVector.fromArray(SPECIES, x, 0), fma).intoArray(y, 0);
        assertThat(y).containsOnly(0f);

        java.util.Arrays.fill(x, 0f);
        VectorExp.exp(FloatVector.fromArray(SPECIES, x, 0), fma).intoArray(y, 0);
        assertThat(y).containsOnly(1f);
    }
}
