package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerSensitivityTest {
    private static final Architecture ORIGINAL = Architecture.uniform(2, new LayerShape(4, 512));
    private final LayerSensitivity sensitivity = new LayerSensitivity(ORIGINAL, 128);

    @Test
    void probesHalveOneLayersNeuronsThenItsHeads() {
        assertThat(sensitivity.probes())
                .extracting(Architecture::toString)
                .containsExactly("4h/256 4h/512", "2h/512 4h/512", "4h/512 4h/256", "4h/512 2h/512");
    }

    @Test
    void rescalesEachLayerSoTheHalfItLosesSumsToTheMeasuredLoss() {
        double[] neurons = new double[512];
        for (int j = 0; j < neurons.length; j++) {
            neurons[j] = j + 1;
        }
        LayerImportance layer = new LayerImportance(new double[] {4, 3, 2, 1}, neurons, 0.2);

        List<LayerImportance> calibrated =
                sensitivity.calibrate(List.of(layer, layer), new double[] {0.02, 0.01, 0.002, 0.004});

        assertThat(lowestSum(calibrated.get(0).neurons(), 256)).isCloseTo(0.02, within(1e-12));
        assertThat(lowestSum(calibrated.get(0).heads(), 2)).isCloseTo(0.01, within(1e-12));
        assertThat(lowestSum(calibrated.get(1).neurons(), 256)).isCloseTo(0.002, within(1e-12));
        assertThat(lowestSum(calibrated.get(1).heads(), 2)).isCloseTo(0.004, within(1e-12));
        // The ranking within a layer, which decides which units go, is unchanged.
        assertThat(LayerImportance.mostImportant(calibrated.get(1).heads(), 2)).containsExactly(0, 1);
        assertThat(calibrated.get(1).influence()).isEqualTo(0.2);
    }

    @Test
    void aLayerThatLostNothingStillCostsSomething() {
        LayerImportance layer = new LayerImportance(new double[] {1, 1, 1, 1}, filled(512, 1), 0.2);

        List<LayerImportance> calibrated =
                sensitivity.calibrate(List.of(layer, layer), new double[] {-0.001, 0, 0.01, 0.01});

        assertThat(calibrated.get(0).neurons()[0]).isPositive();
        assertThat(calibrated.get(0).heads()[0]).isPositive();
    }

    @Test
    void keepsTheScoresAsTheyAreWhenAProbeWasNotScored() {
        LayerImportance layer = new LayerImportance(new double[] {1, 1, 1, 1}, filled(512, 1), 0.2);
        List<LayerImportance> importance = List.of(layer, layer);

        assertThat(sensitivity.calibrate(importance, new double[] {0.01, 0.01, Double.NaN, 0.01}))
                .isSameAs(importance);
    }

    private static double lowestSum(double[] scores, int count) {
        return Arrays.stream(scores).sorted().limit(count).sum();
    }

    private static double[] filled(int length, double value) {
        double[] values = new double[length];
        Arrays.fill(values, value);
        return values;
    }
}
