package io.github.espalier.compiler.distill;

import static io.github.espalier.compiler.distill.GradientCheck.assertMatches;
import static io.github.espalier.compiler.distill.GradientCheck.gaussian;
import static io.github.espalier.compiler.distill.GradientCheck.numeric;
import static io.github.espalier.compiler.distill.GradientCheck.weightedSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SelfAttentionTest {
    /** Two texts of different lengths, laid out one after the other. */
    private static final Sequences TEXTS = Sequences.of(5, 3);

    private static final int TOKENS = 8;
    private static final int HEADS = 2;
    private static final int HEAD_SIZE = 3;
    private static final int WIDTH = HEADS * HEAD_SIZE;
    private static final float SCALE = (float) (1 / Math.sqrt(HEAD_SIZE));

    private final ComputePool pool = ComputePool.create(2);
    private final SelfAttention attention = new SelfAttention(HEADS, SCALE, pool);
    private final Random random = new Random(4);
    private final float[] q = gaussian(random, TOKENS * WIDTH);
    private final float[] k = gaussian(random, TOKENS * WIDTH);
    private final float[] v = gaussian(random, TOKENS * WIDTH);

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void forwardMatchesSoftmaxOfScaledScoresTimesValuesWithinEachText() {
        SelfAttention.Saved saved = attention.forward(q, k, v, TEXTS);

        for (int b = 0; b < TEXTS.count(); b++) {
            int seq = TEXTS.length(b);
            for (int h = 0; h < HEADS; h++) {
                float[] probabilities = saved.probabilities()[b * HEADS + h];
                assertThat(probabilities).hasSize(seq * seq);
                for (int i = 0; i < seq; i++) {
                    double[] p = referenceProbabilities(b, h, i);
                    for (int j = 0; j < seq; j++) {
                        assertThat((double) probabilities[i * seq + j]).isCloseTo(p[j], offset(1e-6));
                    }
                    int row = TEXTS.start(b) + i;
                    for (int t = 0; t < HEAD_SIZE; t++) {
                        double expected = 0;
                        for (int j = 0; j < seq; j++) {
                            expected += p[j] * v[(TEXTS.start(b) + j) * WIDTH + h * HEAD_SIZE + t];
                        }
                        assertThat((double) saved.context()[row * WIDTH + h * HEAD_SIZE + t])
                                .isCloseTo(expected, offset(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void aTextsContextDoesNotDependOnTheOtherTexts() {
        float[] together = attention.forward(q, k, v, TEXTS).context();
        int rows = TEXTS.length(1) * WIDTH;
        int from = TEXTS.start(1) * WIDTH;

        float[] alone = attention
                .forward(
                        Arrays.copyOfRange(q, from, from + rows),
                        Arrays.copyOfRange(k, from, from + rows),
                        Arrays.copyOfRange(v, from, from + rows),
                        Sequences.of(TEXTS.length(1)))
                .context();

        assertThat(Arrays.copyOfRange(together, from, from + rows)).containsExactly(alone);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        float[] r = gaussian(random, TOKENS * WIDTH);
        SelfAttention.Saved saved = attention.forward(q, k, v, TEXTS);

        SelfAttention.Gradients gradients = attention.backward(q, k, v, saved, r, TEXTS);

        assertMatches("dq", gradients.query(), numeric(q, () -> objective(r), 1e-2f), 1e-2);
        assertMatches("dk", gradients.key(), numeric(k, () -> objective(r), 1e-2f), 1e-2);
        assertMatches("dv", gradients.value(), numeric(v, () -> objective(r), 1e-2f), 1e-2);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Sequences texts = Sequences.of(18, 19, 7);
        int heads = 4;
        int width = heads * 8;
        float[] q = gaussian(random, texts.tokens() * width);
        float[] k = gaussian(random, texts.tokens() * width);
        float[] v = gaussian(random, texts.tokens() * width);
        float[] dContext = gaussian(random, texts.tokens() * width);
        SelfAttention parallel = new SelfAttention(heads, 0.35f, pool);
        SelfAttention.Saved parallelSaved = parallel.forward(q, k, v, texts);
        SelfAttention.Gradients parallelGradients = parallel.backward(q, k, v, parallelSaved, dContext, texts);

        try (ComputePool single = ComputePool.create(1)) {
            SelfAttention serial = new SelfAttention(heads, 0.35f, single);
            SelfAttention.Saved saved = serial.forward(q, k, v, texts);
            SelfAttention.Gradients gradients = serial.backward(q, k, v, saved, dContext, texts);

            assertThat(parallelSaved.context()).containsExactly(saved.context());
            assertThat(parallelSaved.probabilities()).isDeepEqualTo(saved.probabilities());
            assertThat(parallelGradients.query()).containsExactly(gradients.query());
            assertThat(parallelGradients.key()).containsExactly(gradients.key());
            assertThat(parallelGradients.value()).containsExactly(gradients.value());
        }
    }

    private double objective(float[] r) {
        return weightedSum(r, attention.forward(q, k, v, TEXTS).context());
    }

    /** Row i of head h's attention in text b, over that text's tokens, in double. */
    private double[] referenceProbabilities(int b, int h, int i) {
        int seq = TEXTS.length(b);
        int start = TEXTS.start(b);
        double[] scores = new double[seq];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < seq; j++) {
            double dot = 0;
            for (int t = 0; t < HEAD_SIZE; t++) {
                dot += (double) q[(start + i) * WIDTH + h * HEAD_SIZE + t] * k[(start + j) * WIDTH + h * HEAD_SIZE + t];
            }
            scores[j] = dot * SCALE;
            max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j < seq; j++) {
            scores[j] = Math.exp(scores[j] - max);
            sum += scores[j];
        }
        for (int j = 0; j < seq; j++) {
            scores[j] /= sum;
        }
        return scores;
    }
}
