package io.github.espalier.compiler.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.Pooling;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainingStepTest {
    private static final int WIDTH = 16;

    /** The loss and every parameter's gradient after one step, flattened in parameter order. */
    private record Step(double loss, float[] gradients) {}

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void shardsAddUpToTheLossAndGradientsOfTheWholeBatch(int threads) {
        Step whole = step(1, false);
        Step sharded = step(threads, false);

        assertThat(sharded.loss()).isCloseTo(whole.loss(), offset(1e-6 * whole.loss()));
        float scale = largest(whole.gradients());
        assertThat(scale).isPositive();
        for (int i = 0; i < whole.gradients().length; i++) {
            assertThat(sharded.gradients()[i])
                    .as("gradient %d", i)
                    .isCloseTo(whole.gradients()[i], offset(1e-5f * scale));
        }
    }

    @Test
    void aSecondStepStartsFromClearedShardGradients() {
        Step first = step(2, false);
        Step second = step(2, true);

        assertThat(second.loss()).isEqualTo(first.loss());
        assertThat(second.gradients()).isEqualTo(first.gradients());
    }

    /**
     * One step of a two-layer student on five texts of 6 to 12 tokens, on {@code threads} threads (as many
     * shards); with {@code twice}, the step runs once before, and the student's gradients are cleared as the
     * optimizer would.
     */
    private static Step step(int threads, boolean twice) {
        try (ComputePool pool = ComputePool.create(threads)) {
            RandomLayers random = new RandomLayers(5, pool);
            List<StudentLayer> layers = List.of(random.layer(0, WIDTH, 2, 4, 24), random.layer(1, WIDTH, 2, 4, 24));
            TeacherBatch batch = TrainingThroughput.batch(random, new Random(2), 2, WIDTH, 5, 12);
            TrainingStep step =
                    new TrainingStep(layers, 0, Pooling.MEAN, 1, Teacher.inverseVariances(List.of(batch)), pool);
            List<Parameter> parameters =
                    layers.stream().flatMap(l -> l.parameters().stream()).toList();
            if (twice) {
                step.run(batch);
                parameters.forEach(Parameter::zeroGradient);
            }
            double loss = step.run(batch);
            int size = parameters.stream().mapToInt(p -> p.gradient().length).sum();
            float[] gradients = new float[size];
            int offset = 0;
            for (Parameter parameter : parameters) {
                System.arraycopy(parameter.gradient(), 0, gradients, offset, parameter.gradient().length);
                offset += parameter.gradient().length;
            }
            return new Step(loss, gradients);
        }
    }

    private static float largest(float[] values) {
        float largest = 0;
        for (float value : values) {
            largest = Math.max(largest, Math.abs(value));
        }
        return largest;
    }
}
