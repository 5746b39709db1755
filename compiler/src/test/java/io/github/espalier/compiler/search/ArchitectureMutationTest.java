package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ArchitectureMutationTest {
    private static final Architecture ORIGINAL = Architecture.uniform(4, new LayerShape(12, 1536));

    @Test
    void movesOneBlockOrOneHeadBetweenKeptLayersAndKeepsTheTotal() {
        Architecture current = new Architecture(
                List.of(new LayerShape(6, 768), LayerShape.DROPPED, new LayerShape(12, 1536), new LayerShape(1, 128)));
        ArchitectureMutation mutation = new ArchitectureMutation(ORIGINAL, 128);
        Random random = new Random(3);
        List<Architecture> neighbours = IntStream.range(0, 200)
                .mapToObj(i -> mutation.neighbour(current, random))
                .filter(Objects::nonNull)
                .toList();

        assertThat(neighbours).hasSizeGreaterThan(20).allSatisfy(neighbour -> {
            assertThat(neighbour.layers().get(1)).isEqualTo(LayerShape.DROPPED);
            assertThat(total(neighbour, true)).isEqualTo(total(current, true));
            assertThat(total(neighbour, false)).isEqualTo(total(current, false));
            assertThat(neighbour.layers()).allSatisfy(layer -> {
                assertThat(layer.heads()).isBetween(0, 12);
                assertThat(layer.neurons()).isBetween(0, 1536);
            });
            assertThat(neighbour).isNotEqualTo(current);
        });
    }

    @Test
    void theSameSeedGivesTheSameMoves() {
        ArchitectureMutation mutation = new ArchitectureMutation(ORIGINAL, 128);
        Architecture current = Architecture.uniform(4, new LayerShape(8, 768));
        Random a = new Random(9);
        Random b = new Random(9);
        for (int i = 0; i < 50; i++) {
            assertThat(mutation.neighbour(current, a)).isEqualTo(mutation.neighbour(current, b));
        }
    }

    private static int total(Architecture architecture, boolean neurons) {
        return architecture.layers().stream()
                .mapToInt(layer -> neurons ? layer.neurons() : layer.heads())
                .sum();
    }
}
