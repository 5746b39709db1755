package io.github.espalier.runtime.model;

/**
 * The metadata keys a compiled model's artifact carries (written by the compiler, read by
 * {@link CompiledModel}). Values are strings; absent keys take the defaults documented here.
 */
public final class ArtifactMetadata {
    /** The model's name as compiled, e.g. {@code all-MiniLM-L6-v2}. */
    public static final String MODEL_NAME = "model.name";
    /** SHA-256 (lowercase hex) of the source checkpoint. */
    public static final String MODEL_DIGEST = "model.sha256";
    /** The Espalier version that compiled the artifact. */
    public static final String COMPILER_VERSION = "compiler.version";
    /** The target the artifact was compiled for, e.g. {@code x86-64-v3}. */
    public static final String TARGET = "target";
    /** Sentence pooling: {@code MEAN} (default) or {@code CLS}; see {@link Pooling}. */
    public static final String POOLING = "embedding.pooling";
    /** Whether embeddings are L2-normalized: {@code true} or {@code false} (default). */
    public static final String NORMALIZE = "embedding.normalize";
    /** Tokens per text after truncation (default: the tokenizer's maximum length). */
    public static final String MAX_SEQUENCE_LENGTH = "embedding.maxSequenceLength";
    /** The graph output that holds token embeddings [batch, sequence, hidden] (default: the first output). */
    public static final String POOLED_OUTPUT = "embedding.output";

    /**
     * What the search pruned, e.g. {@code 6 of 6 layers: 12h/768 12h/768 …} (absent: the model as it was
     * exported).
     */
    public static final String VARIANT = "variant";

    /** The binary section that holds the compact tokenizer, read by {@code Tokenizers.read}. */
    public static final String TOKENIZER_SECTION = "tokenizer";

    private ArtifactMetadata() {}
}
