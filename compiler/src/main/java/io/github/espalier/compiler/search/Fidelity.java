package io.github.espalier.compiler.search;

/**
 * How close a variant's sentence embeddings are to the original model's on the same texts.
 *
 * @param meanCosine mean cosine similarity of pooled embeddings, variant against original
 * @param p5Cosine the 5th percentile of those cosines (the worst texts)
 * @param recallAt10 the mean share of each text's 10 nearest neighbours under the original model that the
 *     variant also ranks among its 10 nearest, over the same corpus
 */
public record Fidelity(double meanCosine, double p5Cosine, double recallAt10) {}
