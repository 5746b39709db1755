package io.github.espalier.runtime.exec.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GemmTest {
    @ParameterizedTest
    @CsvSource({"1,1,1", "3,5,7", "4,32,32", "5,33,17", "13,70,45", "32,64,96", "9,384,31"})
    void scalarMatchesReference(int m, int k, int n) {
        check(Gemms.scalar(), m, k, n);
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,5,7", "4,32,32", "5,33,17", "13,70,45", "32,64,96", "9,384,31", "29,40,64"})
    void vectorWithMulAddMatchesReference(int m, int k, int n) {
        check(Gemms.vector(false), m, k, n);
    }

    @ParameterizedTest
    @CsvSource({"3,5,7", "13,70,45", "9,384,31", "29,40,64"})
    void vectorWithFmaMatchesReference(int m, int k, int n) {
        check(Gemms.vector(true), m, k, n);
    }

    @ParameterizedTest
    @CsvSource({"7,19,70"})
    void tilesComposeToTheWholeProduct(int m, int k, int n) {
        float[] a = random(m * k, 1);
        float[] w = random(k * n, 2);
        PackedMatrix b = PackedMatrix.pack(w, k, n);
        float[] c = new float[m * n];
        Gemm gemm = Gemms.preferred();
        gemm.multiply(a, b, c, 0, 3, 0, 1);
        gemm.multiply(a, b, c, 3, m, 0, 1);
        gemm.multiply(a, b, c, 0, m, 1, b.panelCount());
        assertClose(c, reference(a, w, m, k, n));
    }

    @ParameterizedTest
    @CsvSource({"5,33,17", "13,70,45", "4,32,64", "29,40,64"})
    void aBiasIsAddedAsASeparatePassWouldAddIt(int m, int k, int n) {
        float[] a = random(m * k, 3);
        float[] w = random(k * n, 4);
        float[] bias = random(n, 5);
        PackedMatrix b = PackedMatrix.pack(w, k, n);
        for (Gemm gemm : List.of(Gemms.scalar(), Gemms.vector(false), Gemms.vector(true))) {
            float[] separate = new float[m * n];
            gemm.multiply(a, b, separate, 0, m, 0, b.panelCount());
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    separate[i * n + j] += bias[j];
                }
            }
            float[] fused = new float[m * n];
            gemm.multiply(a, b, bias, fused, 0, m, 0, b.panelCount());
            assertThat(fused).as(gemm.describe()).containsExactly(separate);
        }
    }

    private static void check(Gemm gemm, int m, int k, int n) {
        float[] a = random(m * k, 1);
        float[] w = random(k * n, 2);
        float[] c = new float[m * n];
        gemm.multiply(a, PackedMatrix.pack(w, k, n), c, 0, m, 0, PackedMatrix.panelCount(n));
        assertClose(c, reference(a, w, m, k, n));
    }

    static float[] reference(float[] a, float[] w, int m, int k, int n) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int kk = 0; kk < k; kk++) {
                    sum += (double) a[i * k + kk] * w[kk * n + j];
                }
                c[i * n + j] = (float) sum;
            }
        }
        return c;
    }

    static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i])
                    .as("element %d", i)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(expected[i]))));
        }
    }

    static float[] random(int size, long seed) {
        Random random = new Random(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }
}
