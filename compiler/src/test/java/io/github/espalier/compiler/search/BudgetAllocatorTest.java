package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class BudgetAllocatorTest {
    /** 1 ms a layer, plus 0.1 ms a head and 1 ms per 128 neurons. */
    private static final ToDoubleFunction<Architecture> LINEAR = a -> a.layers().stream()
            .filter(layer -> !layer.dropped())
            .mapToDouble(layer -> 1 + 0.1 * layer.heads() + layer.neurons() / 128.0)
            .sum();

    private static final Architecture ORIGINAL = Architecture.uniform(2, new LayerShape(4, 512));

    @Test
    void takesNeuronsFromTheLayerWhereTheyMatterLeast() {
        LayerImportance important = new LayerImportance(new double[] {1, 1, 1, 1}, new double[512], 0.5);
        java.util.Arrays.fill(important.neurons(), 1);
        LayerImportance idle = new LayerImportance(new double[] {1, 1, 1, 1}, new double[512], 0.1);
        java.util.Arrays.fill(idle.neurons(), 0.001);
        BudgetAllocator allocator = new BudgetAllocator(List.of(important, idle), ORIGINAL, LINEAR, 128);

        Architecture result = allocator.allocate(Set.of(), 10.8 - 2, 1);

        assertThat(LINEAR.applyAsDouble(result)).isLessThanOrEqualTo(8.8);
        assertThat(result.layers()).containsExactly(new LayerShape(4, 512), new LayerShape(4, 256));
    }

    @Test
    void sparesHeadsThatSaveLittleTime() {
        LayerImportance flat = new LayerImportance(new double[] {0.01, 0.01, 0.01, 0.01}, new double[512], 0.1);
        java.util.Arrays.fill(flat.neurons(), 0.0001);
        BudgetAllocator allocator = new BudgetAllocator(List.of(flat, flat), ORIGINAL, LINEAR, 128);

        Architecture result = allocator.allocate(Set.of(), 9.8, 1);

        assertThat(result.layers())
                .allSatisfy(layer -> assertThat(layer.heads()).isEqualTo(4));
    }

    @Test
    void dropsTheGivenLayersAndSaysWhenTheBudgetCannotBeMet() {
        LayerImportance flat = new LayerImportance(new double[] {1, 1, 1, 1}, new double[512], 0.1);
        BudgetAllocator allocator = new BudgetAllocator(List.of(flat, flat), ORIGINAL, LINEAR, 128);

        assertThat(allocator.allocate(Set.of(0), 5.4, 1).layers())
                .containsExactly(LayerShape.DROPPED, new LayerShape(4, 512));
        assertThat(allocator.allocate(Set.of(0), 2, 1))
                .as("1 layer at 1 head, 128 neurons takes 2.1 ms")
                .isNull();
    }
}
