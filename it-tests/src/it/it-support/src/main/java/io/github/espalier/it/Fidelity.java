package io.github.espalier.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Compares two embedding functions text by text. Texts are batched longest first, as sentence-transformers
 * does, so batches hold texts of similar length (padding is still exercised, without padding every batch to
 * its one long text).
 */
public final class Fidelity {
    private static final int BATCH = 16;

    /** What one embedding function does to a batch of texts. */
    @FunctionalInterface
    public interface Embedder {
        float[][] embed(List<String> texts) throws Exception;
    }

    /**
     * Cosine similarities between two sets of embeddings of the same texts.
     *
     * @param texts how many texts were compared
     * @param minCosine the lowest similarity (NaN counts as negative infinity)
     * @param meanCosine the mean similarity
     * @param p5Cosine the 5th percentile of the similarities
     * @param worstText the text with the lowest similarity
     */
    public record Result(int texts, double minCosine, double meanCosine, double p5Cosine, String worstText) {
        @Override
        public String toString() {
            return "min cosine %.9f, mean %.9f, 5th percentile %.9f over %d texts; worst: \"%s...\""
                    .formatted(
                            minCosine,
                            meanCosine,
                            p5Cosine,
                            texts,
                            worstText.substring(0, Math.min(80, worstText.length())));
        }
    }

    private Fidelity() {}

    /** Embeds every text with both functions and compares them. */
    public static Result compare(List<String> texts, Embedder candidate, Embedder reference) throws Exception {
        return between(texts, embed(texts, candidate), embed(texts, reference));
    }

    /** Embeds the texts in batches of similar length; the result is in the order of {@code texts}. */
    public static float[][] embed(List<String> texts, Embedder embedder) throws Exception {
        Integer[] order = new Integer[texts.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> texts.get(i).length()).reversed());
        float[][] embeddings = new float[texts.size()][];
        for (int from = 0; from < order.length; from += BATCH) {
            List<Integer> indices = Arrays.asList(order).subList(from, Math.min(order.length, from + BATCH));
            List<String> batch = new ArrayList<>(indices.size());
            indices.forEach(i -> batch.add(texts.get(i)));
            float[][] result = embedder.embed(batch);
            for (int i = 0; i < indices.size(); i++) {
                embeddings[indices.get(i)] = result[i];
            }
        }
        return embeddings;
    }

    /** Compares two sets of embeddings of {@code texts}, text by text. */
    public static Result between(List<String> texts, float[][] a, float[][] b) {
        double[] cosines = new double[texts.size()];
        int worst = 0;
        for (int i = 0; i < cosines.length; i++) {
            double cosine = cosine(a[i], b[i]);
            // NaN must fail every check, so it counts as the worst possible similarity.
            cosines[i] = Double.isNaN(cosine) ? Double.NEGATIVE_INFINITY : cosine;
            if (cosines[i] < cosines[worst]) {
                worst = i;
            }
        }
        double mean = Arrays.stream(cosines).average().orElse(Double.NaN);
        double[] sorted = cosines.clone();
        Arrays.sort(sorted);
        double p5 = sorted[(int) Math.floor(0.05 * (sorted.length - 1))];
        return new Result(texts.size(), cosines[worst], mean, p5, texts.get(worst));
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
