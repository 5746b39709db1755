package io.github.espalier.compiler.distill;

import io.github.espalier.compiler.CompilationException;

/** A model or setting that distillation cannot work with; the message says what to change. */
public final class DistillationException extends CompilationException {
    public DistillationException(String message) {
        super(message);
    }
}
