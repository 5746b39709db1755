package io.github.espalier.compiler.search;

import io.github.espalier.compiler.CompilationException;

/** The search cannot go on: bad settings, an unsupported model, or no variant meeting the budget. */
public final class SearchException extends CompilationException {
    public SearchException(String message) {
        super(message);
    }
}
