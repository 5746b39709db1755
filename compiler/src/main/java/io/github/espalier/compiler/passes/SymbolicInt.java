package io.github.espalier.compiler.passes;

import io.github.espalier.runtime.program.Dim;

/** One element of a tracked integer tensor: a known value, or a symbol (a dim of some input). */
record SymbolicInt(long value, String symbol) {
    static SymbolicInt of(Dim dim) {
        return new SymbolicInt(dim.size(), dim.symbol());
    }

    boolean known() {
        return symbol == null;
    }
}
