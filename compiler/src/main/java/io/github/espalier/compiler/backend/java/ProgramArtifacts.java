package io.github.espalier.compiler.backend.java;

import io.github.espalier.compiler.CompilationException;
import io.github.espalier.runtime.artifact.ArtifactWriter;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;

/** Starts an artifact: the program and the constants it reads; the caller adds metadata and sections. */
public final class ProgramArtifacts {
    private ProgramArtifacts() {}

    /** @param constants the optimized graph's initializers, of which the program's constants are kept */
    public static ArtifactWriter writer(Program program, Map<String, Tensor> constants) {
        ArtifactWriter writer = new ArtifactWriter().program(program);
        for (String constant : program.constants()) {
            Tensor tensor = constants.get(constant);
            if (tensor == null) {
                throw new CompilationException(
                        "The program names constant '" + constant
                                + "' but the optimized graph has no such initializer; this is a compiler bug, please report it");
            }
            writer.tensor(constant, tensor);
        }
        return writer;
    }
}
