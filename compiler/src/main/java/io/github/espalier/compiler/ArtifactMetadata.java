package io.github.espalier.compiler;

/**
 * The metadata keys the compiler writes into every artifact, and the name of the tokenizer section. The
 * runtime reads the same keys to fill {@code ModelInfo}; keep both sides in step.
 */
public final class ArtifactMetadata {
    /** The model's name: the graph name, or the model file's name when the graph has none. */
    public static final String MODEL_NAME = "model.name";
    /** The Espalier version that compiled the artifact. */
    public static final String COMPILER_VERSION = "compiler.version";
    /** Lower-case hex SHA-256 of the source model file. */
    public static final String MODEL_SHA256 = "model.sha256";
    /** The compiled targets, comma-separated, in the order requested (e.g. {@code host,x86-64}). */
    public static final String TARGETS = "targets";
    /** Sentence pooling: {@code MEAN} or {@code CLS} ({@code runtime.model.Pooling} names). */
    public static final String POOLING = "pooling";
    /** {@code true} when embeddings are L2-normalized. */
    public static final String NORMALIZE = "normalize";
    /** Tokens per text after truncation, special tokens included. */
    public static final String MAX_SEQUENCE_LENGTH = "max.sequence.length";
    /** The section holding the compiled tokenizer, present only when a tokenizer was compiled in. */
    public static final String TOKENIZER_SECTION = "tokenizer";

    private ArtifactMetadata() {}
}
