package io.github.espalier.runtime.exec.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.TensorArena;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The integer product on float micro-kernels must equal int arithmetic exactly, at any size. */
class IntegerGemmTest {
    static Stream<Arguments> gemmsAndSizes() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String gemm : new String[] {"scalar", "vector mul+add", "vector fma"}) {
            for (int[] size :
                    new int[][] {{1, 1, 1}, {3, 5, 7}, {5, 33, 17}, {13, 300, 45}, {7, 1100, 70}, {33, 1536, 40}}) {
                cases.add(Arguments.of(gemm, size[0], size[1], size[2]));
            }
        }
        return cases.build();
    }

    @ParameterizedTest
    @MethodSource("gemmsAndSizes")
    void randomIntegersMatchTheIntReference(String gemm, int m, int k, int n) {
        Random random = new Random(m * 31L + k * 7L + n);
        int[] a = randomInts(random, m * k, 255);
        int[] b = randomInts(random, k * n, 128);
        check(gemm, a, b, m, k, n, 1);
    }

    /** Every product at ±255²: float sums would round past 2^24, so this needs the row blocks. */
    @ParameterizedTest
    @MethodSource("gemmsAndSizes")
    void extremeIntegersStayExact(String gemm, int m, int k, int n) {
        int[] a = new int[m * k];
        int[] b = new int[k * n];
        Arrays.fill(a, -255);
        Arrays.fill(b, 255);
        b[b.length - 1] = -255;
        check(gemm, a, b, m, k, n, 2);
    }

    @ParameterizedTest
    @CsvSource({"1", "258", "259", "1100", "1536"})
    void blocksKeepEveryPartialSumWithinFloatPrecision(int k) {
        int n = 3;
        int[] extreme = new int[k * n];
        Arrays.fill(extreme, -255);
        IntegerPanels panels = IntegerPanels.pack(floats(extreme), k, n);
        for (PackedMatrix block : panels.blocks()) {
            assertThat((long) block.k() * 255 * 255).isLessThanOrEqualTo(1 << 24);
        }
        assertThat(Arrays.stream(panels.blocks()).mapToInt(PackedMatrix::k).sum())
                .isEqualTo(k);
        assertThat(IntegerPanels.pack(new float[k * n], k, n).blocks()).hasSize(1);
    }

    private static void check(String gemmName, int[] a, int[] b, int m, int k, int n, int threads) {
        Gemm gemm =
                switch (gemmName) {
                    case "scalar" -> Gemms.scalar();
                    case "vector mul+add" -> Gemms.vector(false);
                    default -> Gemms.vector(true);
                };
        int[] c = new int[m * n + 3];
        Arrays.fill(c, -7); // an array reused from the arena holds earlier values: the product overwrites them
        try (ComputePool pool = ComputePool.create(threads)) {
            new IntegerGemm(gemm)
                    .multiply(
                            floats(a),
                            m,
                            IntegerPanels.pack(floats(b), k, n),
                            c,
                            3,
                            new ExecutionContext(pool, TensorArena.recycling()));
        }
        assertThat(Arrays.copyOfRange(c, 3, c.length)).containsExactly(reference(a, b, m, k, n));
        assertThat(Arrays.copyOf(c, 3)).containsOnly(-7);
    }

    private static int[] reference(int[] a, int[] b, int m, int k, int n) {
        int[] c = new int[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += a[i * k + p] * b[p * n + j];
                }
            }
        }
        return c;
    }

    private static int[] randomInts(Random random, int size, int bound) {
        return random.ints(size, -bound, bound + 1).toArray();
    }

    private static float[] floats(int[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = values[i];
        }
        return floats;
    }
}
