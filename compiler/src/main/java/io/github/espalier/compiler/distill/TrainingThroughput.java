package io.github.espalier.compiler.distill;

import io.github.espalier.compiler.search.LayerShape;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.Pooling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Training speed of a student of given layer shapes: full steps (forward, loss, backward, AdamW) on one
 * seeded random batch whose texts are between half and all of the sequence long, as the benchmark's PyTorch
 * script builds it, so the two figures are of the same texts. PyTorch pads them to the sequence and computes
 * the padding; the student computes real tokens only ({@link Sequences}), and both count real tokens.
 */
public final class TrainingThroughput {
    private TrainingThroughput() {}

    /** Real (unpadded) tokens trained per second, and milliseconds per step. */
    public record Result(double tokensPerSecond, double msPerStep) {}

    public static Result measure(
            List<LayerShape> layers, int width, int headSize, int batch, int seq, int warmup, int steps, int threads) {
        try (ComputePool pool = ComputePool.create(threads)) {
            RandomLayers random = new RandomLayers(1, pool);
            List<StudentLayer> student = new ArrayList<>();
            for (int l = 0; l < layers.size(); l++) {
                LayerShape shape = layers.get(l);
                student.add(random.layer(l, width, shape.heads(), headSize, shape.neurons()));
            }
            TeacherBatch target = batch(random, new Random(1), layers.size(), width, batch, seq);
            TrainingStep step =
                    new TrainingStep(student, 0, Pooling.MEAN, 1, Teacher.inverseVariances(List.of(target)), pool);
            AdamW optimizer = new AdamW(
                    student.stream().flatMap(l -> l.parameters().stream()).toList(), 0.01, 1, pool);
            long start = 0;
            for (int i = 0; i < warmup + steps; i++) {
                if (i == warmup) {
                    start = System.nanoTime();
                }
                step.run(target);
                optimizer.step(1e-4);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result((double) target.tokens() * steps / seconds, seconds * 1000 / steps);
        }
    }

    /**
     * A batch of {@code batch} texts of {@code seq / 2} to {@code seq} tokens, random hidden states for the input
     * and each of {@code layers} layers' outputs, and random unit embeddings.
     */
    static TeacherBatch batch(RandomLayers random, Random lengths, int layers, int width, int batch, int seq) {
        int[] tokens = new int[batch];
        for (int b = 0; b < batch; b++) {
            tokens[b] = seq / 2 + lengths.nextInt(seq - seq / 2 + 1);
        }
        Sequences sequences = Sequences.of(tokens);
        int rows = sequences.tokens();
        float[][] outputs = new float[layers][];
        for (int l = 0; l < layers; l++) {
            outputs[l] = random.gaussian(rows * width, 1);
        }
        int[] oneTokenEach = new int[batch];
        Arrays.fill(oneTokenEach, 1);
        float[][] unit = EmbeddingLoss.unitEmbeddings(
                random.gaussian(batch * width, 1), Sequences.of(oneTokenEach), Pooling.CLS, width);
        return TeacherBatch.of(sequences, width, random.gaussian(rows * width, 1), outputs, unit);
    }
}
