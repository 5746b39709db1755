package io.github.espalier.compiler.search;

/**
 * How much of a layer's output each unit carries on calibration text, relative to the residual stream it
 * is added to (so scores compare across layers): for a head, E‖context_h · W_o[h]‖²; for a neuron j,
 * E[f_j²]·‖W_down[j]‖² (FLAP's fluctuation-weighted norms, An et al. 2024). {@code influence} is the
 * layer's block influence, 1 − mean cosine between its input and output hidden states: layers that
 * change little go first.
 */
record LayerImportance(double[] heads, double[] neurons, double influence) {
    /** Unit indices from least to most important. */
    static int[] ascending(double[] scores) {
        return java.util.stream.IntStream.range(0, scores.length)
                .boxed()
                .sorted(java.util.Comparator.comparingDouble(i -> scores[i]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** The {@code count} most important units, in ascending index order as pruning wants them. */
    static int[] mostImportant(double[] scores, int count) {
        int[] order = ascending(scores);
        int[] kept = java.util.Arrays.copyOfRange(order, order.length - count, order.length);
        java.util.Arrays.sort(kept);
        return kept;
    }
}
