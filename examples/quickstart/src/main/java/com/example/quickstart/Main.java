package com.example.quickstart;

import java.util.List;

/** Embeds a few sentence pairs with the compiled MiniLM and prints how similar each pair is. */
public final class Main {
    private static final List<List<String>> PAIRS = List.of(
            List.of("A man is playing a guitar.", "Someone is strumming a guitar."),
            List.of("The cat sleeps on the sofa.", "A kitten naps on the couch."),
            List.of("How do I reset my password?", "I forgot my login credentials."),
            List.of("The stock market fell sharply today.", "A kitten naps on the couch."));

    private Main() {}

    public static void main(String[] args) {
        try (MiniLm model = MiniLm.load()) {
            System.out.println(model.info());
            for (List<String> pair : PAIRS) {
                float[][] vectors = model.embed(pair);
                System.out.printf("%.3f  %s  |  %s%n", dot(vectors[0], vectors[1]), pair.get(0), pair.get(1));
            }
        }
    }

    /** The embeddings are L2-normalized, so their dot product is their cosine similarity. */
    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
