package io.github.espalier.runtime.exec.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class VectorOpsTest {
    private static final List<VectorOps> IMPLEMENTATIONS =
            List.of(Gemms.scalarOps(), Gemms.vectorOps(false), Gemms.vectorOps(true));

    @Test
    void dotMatchesReferenceOnOddLengthsAndOffsets() {
        float[] x = GemmTest.random(200, 1);
        float[] y = GemmTest.random(200, 2);
        for (VectorOps ops : IMPLEMENTATIONS) {
            for (int length : new int[] {0, 1, 7, 16, 32, 45, 127}) {
                double expected = 0;
                for (int i = 0; i < length; i++) {
                    expected += (double) x[3 + i] * y[11 + i];
                }
                assertThat((double) ops.dot(x, 3, y, 11, length))
                        .as("%s, length %d", ops.getClass().getSimpleName(), length)
                        .isCloseTo(expected, Offset.offset(1e-5 * (1 + Math.abs(expected))));
            }
        }
    }

    @Test
    void axpyMatchesReferenceAndLeavesTheRestAlone() {
        float[] x = GemmTest.random(100, 3);
        for (VectorOps ops : IMPLEMENTATIONS) {
            float[] y = GemmTest.random(100, 4);
            float[] expected = y.clone();
            for (int i = 0; i < 37; i++) {
                expected[5 + i] += 0.75f * x[9 + i];
            }
            ops.axpy(0.75f, x, 9, y, 5, 37);
            GemmTest.assertClose(y, expected);
        }
    }

    @Test
    void scaleAddMaxGivesTheFloatOperationsBitsAndTheirMaximum() {
        float[] x = GemmTest.random(77, 11);
        float[] add = GemmTest.random(80, 12);
        for (VectorOps ops : IMPLEMENTATIONS) {
            for (boolean withAdd : new boolean[] {false, true}) {
                float[] y = x.clone();
                float max = ops.scaleAddMax(y, 2, 70, 0.3f, withAdd ? add : null, 9);
                float expectedMax = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < 70; i++) {
                    float scaled = x[2 + i] * 0.3f;
                    float expected = withAdd ? scaled + add[9 + i] : scaled;
                    assertThat(y[2 + i])
                            .as("%s, %d", ops.getClass().getSimpleName(), i)
                            .isEqualTo(expected);
                    expectedMax = Math.max(expectedMax, expected);
                }
                assertThat(max).isEqualTo(expectedMax);
                assertThat(y[0]).isEqualTo(x[0]);
                assertThat(y[72]).isEqualTo(x[72]);
            }
        }
    }

    @Test
    void expShiftedMatchesReferenceAndReturnsTheSum() {
        float[] x = GemmTest.random(77, 5);
        for (VectorOps ops : IMPLEMENTATIONS) {
            float[] y = x.clone();
            float sum = ops.expShifted(y, 2, 70, 0.25f);
            double expectedSum = 0;
            for (int i = 0; i < 70; i++) {
                double expected = Math.exp(x[2 + i] - 0.25);
                expectedSum += expected;
                assertThat((double) y[2 + i]).isCloseTo(expected, Offset.offset(1e-6 * expected));
            }
            assertThat((double) sum).isCloseTo(expectedSum, Offset.offset(1e-6 * expectedSum));
            assertThat(y[0]).isEqualTo(x[0]);
            assertThat(y[72]).isEqualTo(x[72]);
        }
    }

    @Test
    void geluMatchesTheReferenceOnEveryLaneAndTheTail() {
        float[] x = new float[1001];
        for (int i = 0; i < x.length; i++) {
            x[i] = -9f + 18f * i / (x.length - 1);
        }
        for (VectorOps ops : IMPLEMENTATIONS) {
            // float exponent rounding in the vector form: ~1e-6 relative; the scalar form works in doubles
            double relative = ops instanceof ScalarVectorOps ? 3e-7 : 3e-6;
            double absolute = ops instanceof ScalarVectorOps ? 1e-30 : 1e-12; // where GELU vanishes, x < -7
            float[] y = x.clone();
            ops.gelu(y, 1, x.length - 2);
            assertThat(y[0]).isEqualTo(x[0]);
            assertThat(y[x.length - 1]).isEqualTo(x[x.length - 1]);
            for (int i = 1; i < x.length - 1; i++) {
                double expected = GeluReference.gelu(x[i]);
                assertThat((double) y[i])
                        .as("%s gelu(%s)", ops.getClass().getSimpleName(), x[i])
                        .isCloseTo(expected, Offset.offset(relative * Math.abs(expected) + absolute));
            }
        }
    }

    /** The same call before and after the JIT compiles the loops gives the same bits (a real model's row). */
    @Test
    void resultsDoNotChangeOnceTheLoopsAreCompiled() {
        float[] x = GemmTest.random(384, 7);
        float[] y = GemmTest.random(384, 8);
        float[] gamma = GemmTest.random(384, 9);
        for (VectorOps ops : IMPLEMENTATIONS) {
            float[] first = levelOneResults(ops, x, y, gamma);
            for (int call = 1; call < 20_000; call++) {
                float[] again = levelOneResults(ops, x, y, gamma);
                assertThat(again)
                        .as("%s, call %d", ops.getClass().getSimpleName(), call)
                        .isEqualTo(first);
            }
        }
    }

    private static float[] levelOneResults(VectorOps ops, float[] x, float[] y, float[] gamma) {
        int n = x.length;
        float[] results = new float[3 * n + 2];
        results[0] = ops.dot(x, 0, y, 0, n);
        System.arraycopy(x, 0, results, 1, n);
        results[n + 1] = ops.expShifted(results, 1, n, 3f);
        ops.normalizeRow(x, 0, results, n + 2, gamma, y, 1e-12f);
        System.arraycopy(x, 0, results, 2 * n + 2, n);
        ops.gelu(results, 2 * n + 2, n);
        return results;
    }
}
