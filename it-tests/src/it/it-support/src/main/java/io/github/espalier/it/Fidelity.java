package io.github.espalier.it;

import ai.onnxruntime.OrtException;
import io.github.espalier.runtime.model.Pooling;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compares a generated class's embeddings with the ONNX Runtime reference, text by text. Texts are
 * batched longest first, as sentence-transformers does, so batches hold texts of similar length (padding
 * is still exercised, without padding every batch to its one long text).
 */
public final class Fidelity {
    private static final int BATCH = 16;

    /** What one embedding function does to a batch of texts. */
    @FunctionalInterface
    public interface Embedder {
        float[][] embed(List<String> texts) throws Exception;
    }

    /**
     * The lowest cosine similarity over the texts and the text where it occurs.
     *
     * @param minCosine the lowest cosine similarity between ours and the reference
     * @param worstText the text with that similarity
     */
    public record Result(double minCosine, String worstText, int texts) {
        @Override
        public String toString() {
            return "min cosine " + minCosine + " over " + texts + " texts; worst: \""
                    + worstText.substring(0, Math.min(80, worstText.length())) + "...\"";
        }
    }

    private Fidelity() {}

    public static Result compare(
            List<String> texts,
            Embedder generated,
            ArtifactTokenizer tokenizer,
            OnnxRuntimeReference reference,
            Pooling pooling,
            boolean normalize)
            throws Exception {
        List<String> ordered = new ArrayList<>(texts);
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        double min = Double.POSITIVE_INFINITY;
        String worst = "";
        for (int from = 0; from < ordered.size(); from += BATCH) {
            List<String> batch = ordered.subList(from, Math.min(ordered.size(), from + BATCH));
            float[][] ours = generated.embed(batch);
            float[][] expected = reference(reference, tokenizer, batch, pooling, normalize);
            for (int i = 0; i < batch.size(); i++) {
                double cosine = cosine(ours[i], expected[i]);
                // NaN must fail the check, so it counts as the worst possible similarity.
                if (!(cosine >= min)) {
                    min = Double.isNaN(cosine) ? Double.NEGATIVE_INFINITY : cosine;
                    worst = batch.get(i);
                }
            }
        }
        return new Result(min, worst, texts.size());
    }

    private static float[][] reference(
            OnnxRuntimeReference reference, ArtifactTokenizer tokenizer, List<String> batch, Pooling pooling,
            boolean normalize) throws OrtException {
        return reference.embed(tokenizer.encodeBatch(batch), pooling, normalize);
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.NaN;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
