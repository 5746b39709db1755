package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.model.TokenBatch;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every candidate of one search shares: the fused original graph and its layers, the calibration
 * captures and importance, and the original model's validation embeddings. Builds and scores variants.
 */
public final class Workbench implements AutoCloseable {
    /** Texts per forward pass while calibrating and scoring: long enough rows for the GEMM, little padding. */
    private static final int BATCH = 16;

    public final Graph fused;
    public final List<EncoderLayer> layers;
    final Calibration calibration;
    private final ComputePool pool;
    private final Embedder validation;
    private final Embedder.Capture originalValidation;
    private final FidelityMeter validationMeter;
    private final LayerRepair repair;
    private final Tokenizer tokenizer;
    private final String output;
    private final Pooling pooling;
    private final int validationTexts;
    /** How long the original model took over the validation texts. */
    private final long validationNanos;

    public Workbench(
            Graph fused, Tokenizer tokenizer, TextCorpus.Split split, String output, Pooling pooling, int threads) {
        this.fused = fused;
        this.tokenizer = tokenizer;
        this.output = output;
        this.pooling = pooling;
        this.layers = EncoderLayers.find(fused);
        this.pool = ComputePool.create(threads);
        this.calibration =
                Calibration.capture(fused, layers, TokenBatch.of(tokenizer, split.calibration(), BATCH), pool);
        this.validation = new Embedder(TokenBatch.of(tokenizer, split.validation(), BATCH), output, pooling);
        this.validationTexts = split.validation().size();
        long start = System.nanoTime();
        this.originalValidation = validation.capture(fused, layers, pool);
        this.validationNanos = System.nanoTime() - start;
        this.validationMeter = new FidelityMeter(originalValidation.embeddings());
        this.repair = new LayerRepair(fused, layers, calibration, pool);
    }

    /** The original layers' shape. */
    public Architecture original() {
        return new Architecture(layers.stream()
                .map(layer -> new LayerShape(layer.heads(), layer.neurons()))
                .toList());
    }

    /** Keeps each layer's most important units, as many as {@code architecture} says. */
    List<LayerPlan> plans(Architecture architecture) {
        List<LayerPlan> plans = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            LayerShape shape = architecture.layers().get(l);
            LayerImportance importance = calibration.importance.get(l);
            plans.add(
                    shape.dropped()
                            ? LayerPlan.dropped()
                            : LayerPlan.keeping(
                                    LayerImportance.mostImportant(importance.heads(), shape.heads()),
                                    LayerImportance.mostImportant(importance.neurons(), shape.neurons())));
        }
        return plans;
    }

    /** The fused graph of {@code architecture}, without repair: for timing, where weights do not matter. */
    Graph unrepaired(Architecture architecture) {
        return StructuredPruning.apply(fused, layers, plans(architecture));
    }

    /** The fused graph of {@code architecture}, repaired by least squares. */
    public Graph repaired(Architecture architecture) {
        return StructuredPruning.apply(fused, layers, repair.repair(plans(architecture)));
    }

    public Fidelity validate(Graph variant) {
        return validationMeter.score(validation.embed(variant, pool));
    }

    /**
     * {@link #validate} of a candidate {@link #repaired} from {@code architecture}: its layers before the first
     * pruned or dropped one keep the original weights, so it is run from the original's hidden state there
     * (a probe of the last layer runs one layer instead of six).
     */
    Fidelity validate(Architecture architecture, Graph repaired) {
        int first = 0;
        while (first < layers.size()
                && architecture.layers().get(first).equals(original().layers().get(first))) {
            first++;
        }
        if (first == layers.size()) {
            return validate(repaired);
        }
        return validationMeter.score(validation.embedFrom(repaired, layers, first, originalValidation, pool));
    }

    /** Fidelity of {@code variant} on texts no step of the search saw, embedded by both models here. */
    public Fidelity heldOut(List<String> texts, Graph variant) {
        Embedder embedder = new Embedder(TokenBatch.of(tokenizer, texts, BATCH), output, pooling);
        return new FidelityMeter(embedder.embed(fused, pool)).score(embedder.embed(variant, pool));
    }

    /**
     * About how long {@link #heldOut} takes on {@code texts} texts: both models, each at the original's pace
     * over the validation texts (a pruned variant is faster, so this errs long).
     */
    public Duration heldOutTime(int texts) {
        return Duration.ofNanos(2 * validationNanos * texts / Math.max(1, validationTexts));
    }

    /** The threads every step of the search computes on. */
    public ComputePool pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
