package io.github.espalier.runtime.model;

/** How token embeddings become one sentence embedding. ONNX exports do not carry this; the user chooses. */
public enum Pooling {
    /** Mean of the token embeddings under the attention mask (sentence-transformers' default). */
    MEAN,
    /** The embedding of the first ([CLS]) token. */
    CLS
}
