package io.github.espalier.compiler.backend.java;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.program.Program;

/** Lowers optimized graph IR to the runtime's program for the pure-Java backend. */
public final class ProgramBuilder {
    private ProgramBuilder() {}

    public static Program build(Graph graph) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
