package io.github.espalier.compiler.search;

import java.util.Arrays;

/**
 * Scores a variant's embeddings against the original model's on the same texts: cosine per text, and
 * whether each text keeps its nearest neighbours among the others (recall@10).
 */
final class FidelityMeter {
    static final int NEIGHBOURS = 10;

    private final float[][] reference;
    private final int[][] referenceNeighbours;

    /** @param reference the original model's unit-length embeddings */
    FidelityMeter(float[][] reference) {
        if (reference.length <= NEIGHBOURS) {
            throw new IllegalArgumentException("recall@" + NEIGHBOURS + " needs more than " + NEIGHBOURS + " texts");
        }
        this.reference = reference;
        this.referenceNeighbours = neighbours(reference);
    }

    Fidelity score(float[][] candidate) {
        double[] cosines = new double[reference.length];
        for (int i = 0; i < cosines.length; i++) {
            cosines[i] = dot(reference[i], candidate[i]);
        }
        int[][] candidateNeighbours = neighbours(candidate);
        double recall = 0;
        for (int i = 0; i < cosines.length; i++) {
            recall += overlap(referenceNeighbours[i], candidateNeighbours[i]) / (double) NEIGHBOURS;
        }
        double mean = Arrays.stream(cosines).average().orElseThrow();
        Arrays.sort(cosines);
        double p5 = cosines[(int) Math.floor(0.05 * (cosines.length - 1))];
        return new Fidelity(mean, p5, recall / cosines.length);
    }

    /** For each text, the indices of its {@value #NEIGHBOURS} most similar other texts, sorted by index. */
    private static int[][] neighbours(float[][] embeddings) {
        int n = embeddings.length;
        int[][] result = new int[n][];
        double[] similarity = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                similarity[j] = i == j ? Double.NEGATIVE_INFINITY : dot(embeddings[i], embeddings[j]);
                order[j] = j;
            }
            Arrays.sort(
                    order,
                    (a, b) -> a.equals(b)
                            ? 0
                            : similarity[b] != similarity[a]
                                    ? Double.compare(similarity[b], similarity[a])
                                    : Integer.compare(a, b));
            result[i] = Arrays.stream(order, 0, NEIGHBOURS)
                    .mapToInt(Integer::intValue)
                    .sorted()
                    .toArray();
        }
        return result;
    }

    private static int overlap(int[] a, int[] b) {
        int count = 0;
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i] == b[j]) {
                count++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return count;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += (double) a[k] * b[k];
        }
        return sum;
    }
}
