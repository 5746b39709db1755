package io.github.espalier.compiler.distill;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.search.EncoderLayer;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.model.TokenBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Trains pruned variants of one model against it: the teacher's outputs on the training text are computed
 * once, then each {@link #distill} call copies a variant's encoder layers into a {@link Student}, trains it
 * with AdamW for a number of steps or a time budget, and writes the trained weights back into the variant.
 * For a given seed, step count, thread count and model, the result is the same on every run.
 */
public final class Distillation {
    /**
     * Texts per training step, batched by similar length so the teacher's pass does little work on padding.
     * Within a time budget more, smaller steps win (docs/distillation.md): from the same start, 150 s of
     * training at 16, 8 and 4 texts a step gave held-out mean cosine 0.917, 0.923 and 0.927 at a learning
     * rate of 1e-4, and 4 texts at 2e-4 gave 0.930; 2 texts gained nothing more, as the optimizer's share of
     * a step grows.
     */
    public static final int TEXTS_PER_STEP = 4;

    /** Seconds between progress lines in the build log. */
    private static final long PROGRESS_NANOS = 15_000_000_000L;

    private final Graph fused;
    private final List<EncoderLayer> layers;
    private final List<TeacherBatch> teacher;
    private final float[][] dimensionWeights;
    private final Pooling pooling;
    private final ComputePool pool;
    private final LongSupplier nanoClock;

    /**
     * How to train. Defaults: {@link #DEFAULT}.
     *
     * @param learningRate AdamW's peak rate
     * @param hiddenWeight weight of the hidden-state error against the embedding's cosine distance
     * @param weightDecay AdamW's decoupled weight decay
     * @param seed orders the batches
     */
    public record Settings(double learningRate, double hiddenWeight, double weightDecay, long seed) {
        public static final Settings DEFAULT = new Settings(2e-4, 1, 0.01, 1);

        public Settings withSeed(long newSeed) {
            return new Settings(learningRate, hiddenWeight, weightDecay, newSeed);
        }

        public Settings withLearningRate(double newLearningRate) {
            return new Settings(newLearningRate, hiddenWeight, weightDecay, seed);
        }

        public Settings withHiddenWeight(double newHiddenWeight) {
            return new Settings(learningRate, newHiddenWeight, weightDecay, seed);
        }
    }

    /**
     * A trained variant and how training went.
     *
     * @param graph the variant with the trained weights
     * @param steps optimizer steps taken
     * @param tokens real (unpadded) tokens trained on, repeats included
     * @param seconds training time, the teacher's capture excluded
     * @param firstLoss the mean loss over the first tenth of the steps taken: one batch of a few texts says
     *     little, and the first tenth is mostly the warm-up, when the weights have barely moved
     * @param lastLoss the mean loss over the last tenth of the steps taken
     */
    public record Outcome(Graph graph, int steps, long tokens, double seconds, double firstLoss, double lastLoss) {
        public double tokensPerSecond() {
            return seconds > 0 ? tokens / seconds : 0;
        }
    }

    /**
     * Runs the original model over the training batches and keeps its outputs.
     *
     * @param fused the original fused graph, whose encoder layers are {@code layers}
     */
    public Distillation(
            Graph fused,
            List<EncoderLayer> layers,
            List<TokenBatch> training,
            Pooling pooling,
            ComputePool pool,
            LongSupplier nanoClock) {
        if (training.isEmpty()) {
            throw new DistillationException("Distillation needs training text, but none was given");
        }
        this.fused = fused;
        this.layers = List.copyOf(layers);
        this.teacher = Teacher.capture(fused, layers, training, pooling, pool);
        this.dimensionWeights = Teacher.inverseVariances(teacher);
        this.pooling = pooling;
        this.pool = pool;
        this.nanoClock = nanoClock;
    }

    /** The memory the teacher's kept outputs take, in bytes: distillation's largest. */
    public long teacherBytes() {
        return teacher.stream().mapToLong(TeacherBatch::bytes).sum();
    }

    /** Trains {@code variant} for exactly {@code steps} optimizer steps. */
    public Outcome distill(Graph variant, int steps, Settings settings, Consumer<String> log) {
        return train(variant, settings, log, new Budget() {
            @Override
            public double progress(int done, long elapsedNanos) {
                // The middle of the next step, so the first step has a rate and the last is not wasted.
                return (done + 0.5) / steps;
            }

            @Override
            public boolean over(int done, long elapsedNanos) {
                return done >= steps;
            }
        });
    }

    /**
     * Trains {@code variant} until {@code time} is up. The learning rate follows the share of the time used,
     * so the schedule ends with the time however fast the steps turn out: a step count fixed from a timing
     * taken before the JIT had compiled the training code left two thirds of the time unused in the search.
     */
    public Outcome distill(Graph variant, Duration time, Settings settings, Consumer<String> log) {
        long nanos = time.toNanos();
        return train(variant, settings, log, new Budget() {
            @Override
            public double progress(int done, long elapsedNanos) {
                return (double) elapsedNanos / nanos;
            }

            @Override
            public boolean over(int done, long elapsedNanos) {
                return elapsedNanos >= nanos;
            }
        });
    }

    /** When training ends, and how far along it is, which the learning rate follows. */
    private interface Budget {
        /** The share of the budget used, in [0, 1]. */
        double progress(int done, long elapsedNanos);

        boolean over(int done, long elapsedNanos);
    }

    private Outcome train(Graph variant, Settings settings, Consumer<String> log, Budget budget) {
        // Leading layers with the original's weights compute the cached teacher output: start after them. The
        // last layer always trains, so a variant that changes nothing still has a student.
        int skipped = Math.min(Student.unchangedLayers(variant, fused, layers), layers.size() - 1);
        Student student = Student.of(variant, layers, skipped, pool);
        TrainingStep step =
                new TrainingStep(student.layers, skipped, pooling, settings.hiddenWeight(), dimensionWeights, pool);
        AdamW optimizer = new AdamW(student.parameters(), settings.weightDecay(), 1.0, pool);
        LearningRateSchedule schedule = new LearningRateSchedule(settings.learningRate());
        Random random = new Random(settings.seed());
        List<TeacherBatch> order = new ArrayList<>();
        double[] losses = new double[64];
        long tokens = 0;
        long start = nanoClock.getAsLong();
        long lastLog = start;
        int done = 0;
        while (!budget.over(done, nanoClock.getAsLong() - start)) {
            if (order.isEmpty()) {
                order.addAll(teacher);
                Collections.shuffle(order, random);
            }
            TeacherBatch batch = order.removeLast();
            double loss = step.run(batch);
            optimizer.step(schedule.at(Math.min(1, budget.progress(done, nanoClock.getAsLong() - start))));
            if (done == losses.length) {
                losses = Arrays.copyOf(losses, 2 * done);
            }
            losses[done++] = loss;
            tokens += batch.tokens();
            long now = nanoClock.getAsLong();
            if (now - lastLog >= PROGRESS_NANOS) {
                lastLog = now;
                log.accept(progress(done, budget.progress(done, now - start), loss, tokens, now - start));
            }
        }
        double seconds = (nanoClock.getAsLong() - start) / 1e9;
        int tail = Math.max(1, done / 10);
        return new Outcome(
                student.writeInto(variant),
                done,
                tokens,
                seconds,
                done > 0 ? Arrays.stream(losses, 0, tail).average().orElseThrow() : Double.NaN,
                done > 0 ? Arrays.stream(losses, done - tail, done).average().orElseThrow() : Double.NaN);
    }

    private static String progress(int done, double progress, double loss, long tokens, long nanos) {
        double seconds = nanos / 1e9;
        long eta = Math.round(seconds / Math.max(progress, 1e-9) * Math.max(0, 1 - progress));
        return String.format(
                Locale.ROOT,
                "Distilling: step %d (%.0f%%), loss %.4f, %.0f tokens/s, ETA %dm %02ds",
                done,
                100 * Math.min(1, progress),
                loss,
                tokens / seconds,
                eta / 60,
                eta % 60);
    }
}
