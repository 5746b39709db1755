package io.github.espalier.compiler.distill;

import static io.github.espalier.compiler.distill.GradientCheck.assertMatches;
import static io.github.espalier.compiler.distill.GradientCheck.gaussian;
import static io.github.espalier.compiler.distill.GradientCheck.numeric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.github.espalier.runtime.model.Pooling;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmbeddingLossTest {
    /** Three texts of different lengths. */
    private static final Sequences TEXTS = Sequences.of(4, 3, 2);

    private static final int WIDTH = 5;

    private final Random random = new Random(8);

    @Test
    void meanPoolingAveragesEachTextsTokensAndNormalizes() {
        float[] hidden = {
            1, 0, // first text
            3, 4, // first text
            50, 0 // second text
        };

        float[][] unit = EmbeddingLoss.unitEmbeddings(hidden, Sequences.of(2, 1), Pooling.MEAN, 2);

        // mean (2, 2), normalized
        assertThat(unit[0][0]).isCloseTo((float) Math.sqrt(0.5), offset(1e-6f));
        assertThat(unit[0][1]).isCloseTo((float) Math.sqrt(0.5), offset(1e-6f));
        assertThat(unit[1]).containsExactly(1, 0);
    }

    @Test
    void clsPoolingTakesTheFirstToken() {
        float[] hidden = {3, 4, 1, 0, 0, 2, 7, 7};

        float[][] unit = EmbeddingLoss.unitEmbeddings(hidden, Sequences.of(2, 2), Pooling.CLS, 2);

        assertThat(unit[0]).containsExactly(0.6f, 0.8f);
        assertThat(unit[1]).containsExactly(0, 1);
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void lossIsZeroForTheTeacherItsOwnEmbeddingAndTwoForTheOpposite(Pooling pooling) {
        float[] hidden = gaussian(random, TEXTS.tokens() * WIDTH);
        float[][] teacher = EmbeddingLoss.unitEmbeddings(hidden, TEXTS, pooling, WIDTH);
        float[][] opposite = new float[TEXTS.count()][WIDTH];
        for (int b = 0; b < TEXTS.count(); b++) {
            for (int i = 0; i < WIDTH; i++) {
                opposite[b][i] = -teacher[b][i];
            }
        }
        EmbeddingLoss loss = new EmbeddingLoss(pooling);

        assertThat(loss.evaluate(hidden, TEXTS, teacher, WIDTH).loss()).isCloseTo(0, offset(1e-6));
        assertThat(loss.evaluate(hidden, TEXTS, opposite, WIDTH).loss()).isCloseTo(2, offset(1e-6));
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void gradientMatchesFiniteDifferences(Pooling pooling) {
        float[] hidden = gaussian(random, TEXTS.tokens() * WIDTH);
        float[][] teacher =
                EmbeddingLoss.unitEmbeddings(gaussian(random, TEXTS.tokens() * WIDTH), TEXTS, pooling, WIDTH);
        EmbeddingLoss loss = new EmbeddingLoss(pooling);

        float[] gradient = loss.evaluate(hidden, TEXTS, teacher, WIDTH).gradient();

        assertMatches(
                "d hidden",
                gradient,
                numeric(
                        hidden,
                        () -> loss.evaluate(hidden, TEXTS, teacher, WIDTH).loss(),
                        1e-2f),
                1e-2);
    }
}
