package io.github.espalier.compiler.distill;

import static io.github.espalier.compiler.distill.GradientCheck.assertMatches;
import static io.github.espalier.compiler.distill.GradientCheck.gaussian;
import static io.github.espalier.compiler.distill.GradientCheck.numeric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HiddenStateLossTest {
    @Test
    void averagesWeightedSquaredErrorsOverTokensAndDimensions() {
        float[] student = {1, 2, 0, 0};
        float[] teacher = {0, 0, 3, 1};
        float[] weights = {1, 0.5f};

        HiddenStateLoss.Result result = HiddenStateLoss.evaluate(student, teacher, weights, 2, 2);

        assertThat(result.loss()).isCloseTo((1 + 0.5 * 4 + 9 + 0.5 * 1) / 4.0, offset(1e-9));
        assertThat(result.gradient()).containsExactly(0.5f, 0.5f, -1.5f, -0.25f);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random random = new Random(5);
        int rows = 6;
        int width = 4;
        float[] student = gaussian(random, rows * width);
        float[] teacher = gaussian(random, rows * width);
        float[] weights = {1, 0.1f, 3, 0.5f};

        float[] gradient =
                HiddenStateLoss.evaluate(student, teacher, weights, rows, width).gradient();

        assertMatches(
                "d student",
                gradient,
                numeric(
                        student,
                        () -> HiddenStateLoss.evaluate(student, teacher, weights, rows, width)
                                .loss(),
                        1e-2f),
                1e-2);
    }
}
