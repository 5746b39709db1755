package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusTest {
    @Test
    void theBuiltInCorpusSplitsIntoDisjointReproducibleParts() {
        List<String> corpus = TextCorpus.builtIn();
        assertThat(corpus).hasSizeGreaterThan(20_000).allSatisfy(text -> assertThat(text.length())
                .isBetween(40, 300));

        TextCorpus.Split split = TextCorpus.split(corpus, 42, 128, 300, 2000);
        Set<String> seen = new HashSet<>(split.calibration());
        assertThat(split.validation()).noneMatch(seen::contains);
        seen.addAll(split.validation());
        assertThat(split.heldOut()).hasSize(2000).noneMatch(seen::contains);
        assertThat(TextCorpus.split(corpus, 42, 128, 300, 2000)).isEqualTo(split);
        assertThat(TextCorpus.split(corpus, 43, 128, 300, 2000).calibration()).isNotEqualTo(split.calibration());
    }

    @Test
    void moreCalibrationTextLeavesValidationHeldOutAndTrainingTextAsTheyWere() {
        List<String> corpus = TextCorpus.builtIn();
        TextCorpus.Split small = TextCorpus.split(corpus, 42, 128, 300, 2000);
        TextCorpus.Split large = TextCorpus.split(corpus, 42, 1024, 300, 2000);

        assertThat(large.validation()).isEqualTo(small.validation());
        assertThat(large.heldOut()).isEqualTo(small.heldOut());
        assertThat(large.calibration()).startsWith(small.calibration().toArray(String[]::new));
        assertThat(large.training(4096)).isEqualTo(small.training(4096));
    }

    @Test
    void aUserFileIsReadALineAText(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("texts.txt"), "one\n\n  two \none\nthree\n");
        assertThat(TextCorpus.read(file)).containsExactly("one", "two", "three");
        assertThatThrownBy(() -> TextCorpus.split(TextCorpus.read(file), 1, 2, 1, 1))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("has 3 distinct lines but the search needs 4");
        assertThatThrownBy(() -> TextCorpus.read(folder.resolve("missing.txt")))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("missing.txt");
    }
}
