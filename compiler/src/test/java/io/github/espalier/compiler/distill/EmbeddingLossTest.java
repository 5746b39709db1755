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
    private static final int BATCH = 3;
    private static final int SEQ = 4;
    private static final int WIDTH = 5;
    /** The second sequence has one padding token, the third two. */
    private static final float[] MASK = {1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 0};

    private final Random random = new Random(8);

    @Test
    void meanPoolingAveragesRealTokensAndNormalizes() {
        float[] hidden = {
            1, 0, // real
            3, 4, // real
            50, 50 // padding, ignored
        };

        float[][] unit = EmbeddingLoss.unitEmbeddings(hidden, new float[] {1, 1, 0}, Pooling.MEAN, 1, 3, 2);

        // mean (2, 2), normalized
        assertThat(unit[0][0]).isCloseTo((float) Math.sqrt(0.5), offset(1e-6f));
        assertThat(unit[0][1]).isCloseTo((float) Math.sqrt(0.5), offset(1e-6f));
    }

    @Test
    void clsPoolingTakesTheFirstToken() {
        float[] hidden = {3, 4, 1, 0, 0, 2, 7, 7};

        float[][] unit = EmbeddingLoss.unitEmbeddings(hidden, new float[] {1, 1, 1, 1}, Pooling.CLS, 2, 2, 2);

        assertThat(unit[0]).containsExactly(0.6f, 0.8f);
        assertThat(unit[1]).containsExactly(0, 1);
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void lossIsZeroForTheTeacherItsOwnEmbeddingAndTwoForTheOpposite(Pooling pooling) {
        float[] hidden = gaussian(random, BATCH * SEQ * WIDTH);
        float[][] teacher = EmbeddingLoss.unitEmbeddings(hidden, MASK, pooling, BATCH, SEQ, WIDTH);
        float[][] opposite = new float[BATCH][WIDTH];
        for (int b = 0; b < BATCH; b++) {
            for (int i = 0; i < WIDTH; i++) {
                opposite[b][i] = -teacher[b][i];
            }
        }
        EmbeddingLoss loss = new EmbeddingLoss(pooling);

        assertThat(loss.evaluate(hidden, MASK, teacher, BATCH, SEQ, WIDTH).loss())
                .isCloseTo(0, offset(1e-6));
        assertThat(loss.evaluate(hidden, MASK, opposite, BATCH, SEQ, WIDTH).loss())
                .isCloseTo(2, offset(1e-6));
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void gradientMatchesFiniteDifferences(Pooling pooling) {
        float[] hidden = gaussian(random, BATCH * SEQ * WIDTH);
        float[][] teacher =
                EmbeddingLoss.unitEmbeddings(gaussian(random, BATCH * SEQ * WIDTH), MASK, pooling, BATCH, SEQ, WIDTH);
        EmbeddingLoss loss = new EmbeddingLoss(pooling);

        float[] gradient =
                loss.evaluate(hidden, MASK, teacher, BATCH, SEQ, WIDTH).gradient();

        assertMatches(
                "d hidden",
                gradient,
                numeric(
                        hidden,
                        () -> loss.evaluate(hidden, MASK, teacher, BATCH, SEQ, WIDTH)
                                .loss(),
                        1e-2f),
                1e-2);
    }
}
