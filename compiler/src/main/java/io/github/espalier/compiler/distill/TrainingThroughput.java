package io.github.espalier.compiler.distill;

import io.github.espalier.compiler.search.LayerShape;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.Pooling;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training speed of a student of given layer shapes: full steps (forward, loss, backward, AdamW) on one
 * seeded random batch whose rows are between half and all of the sequence long, as the benchmark's PyTorch
 * script builds it, so the two figures are of the same work.
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
                    new TrainingStep(student, 0, Pooling.MEAN, 1, Teacher.inverseVariances(List.of(target)));
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

    private static TeacherBatch batch(RandomLayers random, Random lengths, int layers, int width, int batch, int seq) {
        float[] mask = new float[batch * seq];
        int tokens = 0;
        for (int b = 0; b < batch; b++) {
            int length = seq / 2 + lengths.nextInt(seq - seq / 2 + 1);
            tokens += length;
            for (int t = 0; t < seq; t++) {
                mask[b * seq + t] = t < length ? 1 : 0;
            }
        }
        float[][] outputs = new float[layers][];
        for (int l = 0; l < layers; l++) {
            outputs[l] = random.gaussian(mask.length * width, 1);
        }
        float[] pooled = random.gaussian(batch * width, 1);
        float[][] unit = EmbeddingLoss.unitEmbeddings(pooled, new float[batch], Pooling.CLS, batch, 1, width);
        return TeacherBatch.of(
                batch,
                seq,
                width,
                tokens,
                random.gaussian(mask.length * width, 1),
                mask,
                Teacher.additiveMask(mask),
                outputs,
                unit);
    }
}
