package io.github.espalier.compiler.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class TeacherTest {
    @Test
    void additiveMaskHidesPaddingKeys() {
        assertThat(Teacher.additiveMask(new float[] {1, 0, 1})).containsExactly(0, Teacher.MASKED, 0);
    }

    @Test
    void inverseVariancesCountRealTokensOfAllBatchesOnly() {
        // one layer, width 2: dimension 0 takes 1 and 3 (variance 1), dimension 1 takes 10 and 30 (variance 100)
        TeacherBatch first = batch(new float[] {1, 10, 99, -99}, new float[] {1, 0});
        TeacherBatch second = batch(new float[] {3, 30}, new float[] {1});

        float[][] weights = Teacher.inverseVariances(List.of(first, second));

        assertThat(weights).hasDimensions(1, 2);
        assertThat(weights[0][0]).isCloseTo(1f, offset(1e-6f));
        assertThat(weights[0][1]).isCloseTo(0.01f, offset(1e-6f));
    }

    @Test
    void aConstantDimensionGetsABoundedWeight() {
        float[][] weights = Teacher.inverseVariances(List.of(batch(new float[] {5, 1, 5, 2}, new float[] {1, 1})));

        assertThat(weights[0][0]).isFinite().isPositive();
        assertThat(weights[0][1]).isCloseTo(4f, offset(1e-5f));
    }

    private static TeacherBatch batch(float[] output, float[] mask) {
        int rows = mask.length;
        return new TeacherBatch(
                1, rows, 2, rows, new float[rows * 2], mask, Teacher.additiveMask(mask), new float[][] {output}, null);
    }
}
