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

    /**
     * 70 columns: two whole panels and a ragged one, so the mirrored lower triangle crosses tiles; 50 rows are
     * one block of rows, 1100 three, the last ragged.
     */
    @Test
    void gramMatchesTheDirectSumsOnEveryTile() {
        for (int rows : new int[] {50, 1100}) {
            float[] x = randoms(rows * 70);

            assertThat(new Products(x, rows, 70).gram(POOL))
                    .as("%d rows", rows)
                    .containsExactly(naive(x, 70, x, 70, rows), within(1e-3f));
        }
    }

    @Test
    void transposedTimesMatchesTheDirectSums() {
        for (int rows : new int[] {40, 1030}) {
            float[] x = randoms(rows * 37);
            float[] y = randoms(rows * 45);

            assertThat(new Products(x, rows, 37).transposedTimes(y, 45, POOL))
                    .as("%d rows", rows)
                    .containsExactly(naive(x, 37, y, 45, rows), within(1e-3f));
        }
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
