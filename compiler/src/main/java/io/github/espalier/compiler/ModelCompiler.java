package io.github.espalier.compiler;

import java.util.List;

/** The compiler's entry point: import, optimize, lower, write the artifact, generate the wrapper. */
public final class ModelCompiler {
    /** Compiles and returns the files written (sources and resources). */
    public List<java.nio.file.Path> compile(CompileRequest request) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
