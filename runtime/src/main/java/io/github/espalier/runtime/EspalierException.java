package io.github.espalier.runtime;

/**
 * The one exception type that leaves the runtime: a model that cannot be loaded, an input of the wrong
 * shape, a corrupt artifact. Messages say what went wrong, where, and what to do about it.
 */
public class EspalierException extends RuntimeException {
    public EspalierException(String message) {
        super(message);
    }

    public EspalierException(String message, Throwable cause) {
        super(message, cause);
    }
}
