package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FidelityMeterTest {
    @Test
    void theSameEmbeddingsAreFullyFaithful() {
        float[][] reference = units(new Random(1), 50, 8);
        Fidelity fidelity = new FidelityMeter(reference).score(reference);
        assertThat(fidelity.meanCosine()).isCloseTo(1, within(1e-6));
        assertThat(fidelity.p5Cosine()).isCloseTo(1, within(1e-6));
        assertThat(fidelity.recallAt10()).isEqualTo(1);
    }

    @Test
    void unrelatedEmbeddingsKeepFewNeighbours() {
        float[][] reference = units(new Random(1), 200, 16);
        Fidelity fidelity = new FidelityMeter(reference).score(units(new Random(2), 200, 16));
        assertThat(fidelity.meanCosine()).isCloseTo(0, within(0.1));
        assertThat(fidelity.recallAt10()).as("chance is 10/199").isLessThan(0.15);
    }

    @Test
    void reportsTheWorstTextsInTheFifthPercentile() {
        float[][] reference = units(new Random(3), 100, 4);
        float[][] candidate = new float[100][];
        for (int i = 0; i < 100; i++) {
            candidate[i] = i < 10
                    ? new float[] {-reference[i][0], -reference[i][1], -reference[i][2], -reference[i][3]}
                    : reference[i];
        }
        Fidelity fidelity = new FidelityMeter(reference).score(candidate);
        assertThat(fidelity.meanCosine()).isCloseTo(0.8, within(1e-6));
        assertThat(fidelity.p5Cosine()).isCloseTo(-1, within(1e-6));
    }

    private static float[][] units(Random random, int count, int dim) {
        float[][] vectors = new float[count][dim];
        for (float[] v : vectors) {
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                v[k] = (float) random.nextGaussian();
                norm += v[k] * v[k];
            }
            for (int k = 0; k < dim; k++) {
                v[k] /= (float) Math.sqrt(norm);
            }
        }
        return vectors;
    }
}
