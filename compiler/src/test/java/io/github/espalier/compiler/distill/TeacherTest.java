package io.github.espalier.compiler.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class TeacherTest {
    @Test
    void inverseVariancesCountTheTokensOfAllBatches() {
        // one layer, width 2: dimension 0 takes 1 and 3 (variance 1), dimension 1 takes 10 and 30 (variance 100)
        TeacherBatch first = batch(new float[] {1, 10});
        TeacherBatch second = batch(new float[] {3, 30});

        float[][] weights = Teacher.inverseVariances(List.of(first, second));

        assertThat(weights).hasDimensions(1, 2);
        assertThat(weights[0][0]).isCloseTo(1f, offset(1e-6f));
        assertThat(weights[0][1]).isCloseTo(0.01f, offset(1e-6f));
    }

    @Test
    void aConstantDimensionGetsABoundedWeight() {
        float[][] weights = Teacher.inverseVariances(List.of(batch(new float[] {5, 1, 5, 2})));

        assertThat(weights[0][0]).isFinite().isPositive();
        assertThat(weights[0][1]).isCloseTo(4f, offset(1e-5f));
    }

    @Test
    void keepsHiddenStatesToHalfPrecision() {
        float[] states = {1f / 3, -1000.3f, 2e-3f, 0, 42.125f, -7.77f};
        TeacherBatch batch =
                TeacherBatch.of(Sequences.of(3), 2, states, new float[][] {states, states}, new float[1][2]);

        for (float[] kept : new float[][] {batch.input(), batch.layerOutput(0), batch.layerOutput(1)}) {
            for (int i = 0; i < states.length; i++) {
                assertThat(kept[i]).isCloseTo(states[i], offset(Math.abs(states[i]) / 2048 + 1e-7f));
            }
        }
        assertThat(batch.layers()).isEqualTo(2);
        // three arrays of six halves and one embedding of two floats
        assertThat(batch.bytes()).isEqualTo(3 * 6 * 2 + 2 * 4);
    }

    @Test
    void takesARunOfTextsWithTheirRowsAndEmbeddings() {
        // three texts of 1, 2 and 1 tokens, width 1: rows 0 | 1 2 | 3
        float[] input = {0, 1, 2, 3};
        float[] output = {10, 11, 12, 13};
        float[][] embeddings = {{1}, {2}, {3}};
        TeacherBatch batch = TeacherBatch.of(Sequences.of(1, 2, 1), 1, input, new float[][] {output}, embeddings);

        TeacherBatch last = batch.texts(1, 3);

        assertThat(last.tokens()).isEqualTo(3);
        assertThat(last.input()).containsExactly(1, 2, 3);
        assertThat(last.layerOutput(0)).containsExactly(11, 12, 13);
        assertThat(last.unitEmbeddings()).isDeepEqualTo(new float[][] {{2}, {3}});
        assertThat(batch.texts(0, 1).layerOutput(0)).containsExactly(10);
    }

    @Test
    void refusesAHiddenStateBeyondHalfPrecision() {
        float[] states = {1, 70000};

        assertThatThrownBy(() -> TeacherBatch.of(Sequences.of(1), 2, states, new float[][] {states}, new float[1][2]))
                .isInstanceOf(DistillationException.class)
                .hasMessageContaining("70000")
                .hasMessageContaining("65504");
    }

    /** One text whose tokens' single layer output, of width 2, is {@code output}. */
    private static TeacherBatch batch(float[] output) {
        int tokens = output.length / 2;
        return TeacherBatch.of(Sequences.of(tokens), 2, new float[output.length], new float[][] {output}, null);
    }
}
