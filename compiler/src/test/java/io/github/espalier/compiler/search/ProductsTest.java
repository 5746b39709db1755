package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ProductsTest {
    private static final ComputePool POOL = ComputePool.create(2);
    private final Random random = new Random(5);

    @AfterAll
    static void close() {
        POOL.close();
    }

    /** 70 columns: two whole panels and a ragged one, so the mirrored lower triangle crosses tiles. */
    @Test
    void gramMatchesTheDirectSumsOnEveryTile() {
        float[] x = randoms(50 * 70);

        assertThat(new Products(x, 50, 70).gram(POOL)).containsExactly(naive(x, 70, x, 70, 50), within(1e-3f));
    }

    @Test
    void transposedTimesMatchesTheDirectSums() {
        float[] x = randoms(40 * 37);
        float[] y = randoms(40 * 45);

        assertThat(new Products(x, 40, 37).transposedTimes(y, 45, POOL))
                .containsExactly(naive(x, 37, y, 45, 40), within(1e-3f));
    }

    private static float[] naive(float[] x, int xCols, float[] y, int yCols, int rows) {
        float[] result = new float[xCols * yCols];
        for (int i = 0; i < xCols; i++) {
            for (int j = 0; j < yCols; j++) {
                double sum = 0;
                for (int r = 0; r < rows; r++) {
                    sum += (double) x[r * xCols + i] * y[r * yCols + j];
                }
                result[i * yCols + j] = (float) sum;
            }
        }
        return result;
    }

    private float[] randoms(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
