package io.github.espalier.runtime.model;

/**
 * What a loaded model is and how it runs, for logs and support tickets.
 *
 * @param modelName the model's name as compiled
 * @param target the compiled target variant chosen for this machine (e.g. {@code x86-64-v4})
 * @param kernels the kernel family in use (e.g. {@code vector-512}, {@code scalar})
 * @param threads compute threads
 * @param compilerVersion the Espalier version that compiled the artifact
 * @param modelDigest SHA-256 of the source checkpoint
 * @param pooling sentence pooling
 * @param normalized whether embeddings are L2-normalized
 * @param maxSequenceLength tokens per text after truncation
 * @param variant what the search pruned, or {@code original} for the model as exported
 */
public record ModelInfo(
        String modelName,
        String target,
        String kernels,
        int threads,
        String compilerVersion,
        String modelDigest,
        Pooling pooling,
        boolean normalized,
        int maxSequenceLength,
        String variant) {}
