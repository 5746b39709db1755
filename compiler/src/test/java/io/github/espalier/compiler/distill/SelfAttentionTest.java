package io.github.espalier.compiler.distill;

import static io.github.espalier.compiler.distill.GradientCheck.assertMatches;
import static io.github.espalier.compiler.distill.GradientCheck.gaussian;
import static io.github.espalier.compiler.distill.GradientCheck.numeric;
import static io.github.espalier.compiler.distill.GradientCheck.weightedSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SelfAttentionTest {
    private static final int BATCH = 2;
    private static final int SEQ = 5;
    private static final int HEADS = 2;
    private static final int HEAD_SIZE = 3;
    private static final int WIDTH = HEADS * HEAD_SIZE;
    private static final float SCALE = (float) (1 / Math.sqrt(HEAD_SIZE));
    /** The second sequence has two padding tokens at its end. */
    private static final float[] MASK = {0, 0, 0, 0, 0, 0, 0, 0, -10000, -10000};

    private final ComputePool pool = ComputePool.create(2);
    private final SelfAttention attention = new SelfAttention(HEADS, SCALE, pool);
    private final Random random = new Random(4);
    private final float[] q = gaussian(random, BATCH * SEQ * WIDTH);
    private final float[] k = gaussian(random, BATCH * SEQ * WIDTH);
    private final float[] v = gaussian(random, BATCH * SEQ * WIDTH);

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void forwardMatchesSoftmaxOfScaledScoresTimesValues() {
        SelfAttention.Saved saved = attention.forward(q, k, v, MASK, BATCH, SEQ);

        for (int b = 0; b < BATCH; b++) {
            for (int h = 0; h < HEADS; h++) {
                for (int i = 0; i < SEQ; i++) {
                    double[] p = referenceProbabilities(b, h, i);
                    for (int j = 0; j < SEQ; j++) {
                        float actual = saved.probabilities()[((b * HEADS + h) * SEQ + i) * SEQ + j];
                        assertThat((double) actual).isCloseTo(p[j], offset(1e-6));
                    }
                    for (int t = 0; t < HEAD_SIZE; t++) {
                        double expected = 0;
                        for (int j = 0; j < SEQ; j++) {
                            expected += p[j] * v[(b * SEQ + j) * WIDTH + h * HEAD_SIZE + t];
                        }
                        assertThat((double) saved.context()[(b * SEQ + i) * WIDTH + h * HEAD_SIZE + t])
                                .isCloseTo(expected, offset(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void paddingKeysGetNoAttention() {
        float[] probabilities = attention.forward(q, k, v, MASK, BATCH, SEQ).probabilities();

        for (int h = 0; h < HEADS; h++) {
            for (int i = 0; i < SEQ; i++) {
                int row = ((HEADS + h) * SEQ + i) * SEQ;
                assertThat(probabilities[row + 3]).isLessThan(1e-6f);
                assertThat(probabilities[row + 4]).isLessThan(1e-6f);
                assertThat(probabilities[row] + probabilities[row + 1] + probabilities[row + 2])
                        .isCloseTo(1f, offset(1e-5f));
            }
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        float[] r = gaussian(random, BATCH * SEQ * WIDTH);
        SelfAttention.Saved saved = attention.forward(q, k, v, MASK, BATCH, SEQ);

        SelfAttention.Gradients gradients = attention.backward(q, k, v, saved, r, BATCH, SEQ);

        assertMatches("dq", gradients.query(), numeric(q, () -> objective(r), 1e-2f), 1e-2);
        assertMatches("dk", gradients.key(), numeric(k, () -> objective(r), 1e-2f), 1e-2);
        assertMatches("dv", gradients.value(), numeric(v, () -> objective(r), 1e-2f), 1e-2);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int batch = 3;
        int seq = 19;
        int heads = 4;
        int width = heads * 8;
        float[] mask = new float[batch * seq];
        mask[seq - 1] = -10000;
        float[] q = gaussian(random, batch * seq * width);
        float[] k = gaussian(random, batch * seq * width);
        float[] v = gaussian(random, batch * seq * width);
        float[] dContext = gaussian(random, batch * seq * width);
        SelfAttention parallel = new SelfAttention(heads, 0.35f, pool);
        SelfAttention.Saved parallelSaved = parallel.forward(q, k, v, mask, batch, seq);
        SelfAttention.Gradients parallelGradients = parallel.backward(q, k, v, parallelSaved, dContext, batch, seq);

        try (ComputePool single = ComputePool.create(1)) {
            SelfAttention serial = new SelfAttention(heads, 0.35f, single);
            SelfAttention.Saved saved = serial.forward(q, k, v, mask, batch, seq);
            SelfAttention.Gradients gradients = serial.backward(q, k, v, saved, dContext, batch, seq);

            assertThat(parallelSaved.context()).containsExactly(saved.context());
            assertThat(parallelSaved.probabilities()).containsExactly(saved.probabilities());
            assertThat(parallelGradients.query()).containsExactly(gradients.query());
            assertThat(parallelGradients.key()).containsExactly(gradients.key());
            assertThat(parallelGradients.value()).containsExactly(gradients.value());
        }
    }

    private double objective(float[] r) {
        return weightedSum(r, attention.forward(q, k, v, MASK, BATCH, SEQ).context());
    }

    /** Row i of head h's attention in sequence b, in double. */
    private double[] referenceProbabilities(int b, int h, int i) {
        double[] scores = new double[SEQ];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < SEQ; j++) {
            double dot = 0;
            for (int t = 0; t < HEAD_SIZE; t++) {
                dot += (double) q[(b * SEQ + i) * WIDTH + h * HEAD_SIZE + t]
                        * k[(b * SEQ + j) * WIDTH + h * HEAD_SIZE + t];
            }
            scores[j] = dot * SCALE + MASK[b * SEQ + j];
            max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j < SEQ; j++) {
            scores[j] = Math.exp(scores[j] - max);
            sum += scores[j];
        }
        for (int j = 0; j < SEQ; j++) {
            scores[j] /= sum;
        }
        return scores;
    }
}
