package io.github.espalier.compiler.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SequencesTest {
    @Test
    void laysTextsOutOneAfterAnother() {
        Sequences texts = Sequences.of(3, 1, 2);

        assertThat(texts.count()).isEqualTo(3);
        assertThat(texts.tokens()).isEqualTo(6);
        assertThat(new int[] {texts.start(0), texts.start(1), texts.start(2)}).containsExactly(0, 3, 4);
        assertThat(texts.length(2)).isEqualTo(2);
    }

    @Test
    void cutsTextsIntoRunsOfAboutEqualTokens() {
        assertThat(Sequences.of(10, 10, 10, 10).cuts(2)).containsExactly(0, 2, 4);
        assertThat(Sequences.of(30, 5, 5, 5, 5).cuts(2)).containsExactly(0, 1, 5);
        assertThat(Sequences.of(4, 4, 4, 4, 4).cuts(3)).containsExactly(0, 2, 3, 5);
        assertThat(Sequences.of(1, 1, 100).cuts(3)).containsExactly(0, 1, 2, 3);
        assertThat(Sequences.of(7).cuts(1)).containsExactly(0, 1);
        assertThatThrownBy(() -> Sequences.of(7, 7).cuts(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 texts into 3");
    }

    @Test
    void takesARunOfTextsAsABatchOfTheirOwn() {
        Sequences run = Sequences.of(3, 1, 2, 5).texts(1, 3);

        assertThat(run.count()).isEqualTo(2);
        assertThat(run.tokens()).isEqualTo(3);
        assertThat(run.start(1)).isEqualTo(1);
        assertThat(run.length(1)).isEqualTo(2);
    }

    @Test
    void readsEachTextsLengthFromAPaddedMask() {
        Sequences texts = Sequences.ofMask(new long[] {1, 1, 1, 1, 0, 0}, 2, 3);

        assertThat(new int[] {texts.length(0), texts.length(1)}).containsExactly(3, 1);
    }

    @Test
    void compactKeepsRealRowsOnly() {
        Sequences texts = Sequences.ofMask(new long[] {1, 0, 1, 1}, 2, 2);
        // width 2: text 0 has one real row and one padding row (9, 9)
        float[] padded = {1, 2, 9, 9, 3, 4, 5, 6};

        assertThat(texts.compact(padded, 2, 2)).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void refusesPaddingBeforeARealToken() {
        assertThatThrownBy(() -> Sequences.ofMask(new long[] {1, 0, 1}, 1, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("padding at the end");
    }

    @Test
    void refusesATextWithoutTokens() {
        assertThatThrownBy(() -> Sequences.ofMask(new long[] {0, 0}, 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no tokens");
    }
}
