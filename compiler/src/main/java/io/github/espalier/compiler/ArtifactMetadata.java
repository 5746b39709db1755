package io.github.espalier.compiler;

/**
 * The metadata keys the compiler writes into every artifact, and the name of the tokenizer section. Same
 * names and values as the runtime's {@code model.ArtifactMetadata} (being written in parallel), which
 * replaces this class once it is merged.
 */
public final class ArtifactMetadata {
    /** The model's name: the model file's name without {@code .onnx}. */
    public static final String MODEL_NAME = "model.name";
    /** Lower-case hex SHA-256 of the source model file. */
    public static final String MODEL_DIGEST = "model.sha256";
    /** The Espalier version that compiled the artifact. */
    public static final String COMPILER_VERSION = "compiler.version";
    /** The compiled targets, comma-separated in the order requested (e.g. {@code host,x86-64}). */
    public static final String TARGET = "target";
    /** Sentence pooling: {@code MEAN} or {@code CLS} ({@code runtime.model.Pooling} names). */
    public static final String POOLING = "embedding.pooling";
    /** {@code true} when embeddings are L2-normalized. */
    public static final String NORMALIZE = "embedding.normalize";
    /** Tokens per text after truncation, special tokens included. */
    public static final String MAX_SEQUENCE_LENGTH = "embedding.maxSequenceLength";
    /** The section holding the compiled tokenizer, present only when a tokenizer was compiled in. */
    public static final String TOKENIZER_SECTION = "tokenizer";

    private ArtifactMetadata() {}
}
