package io.github.espalier.compiler.codegen;

import io.github.espalier.runtime.program.ValueSpec;
import java.util.List;

/**
 * What the generated wrapper class needs to know about one compiled model.
 *
 * @param className fully qualified name of the class to generate
 * @param resourceName the artifact's file name, a classpath resource in the class's package
 * @param inputs the graph inputs, in order: one {@code forward} parameter each
 * @param outputs the graph outputs, in order: one {@code Output} component each
 * @param hasTokenizer whether a tokenizer was compiled in (then the class has {@code embed} methods)
 * @param compilerVersion the Espalier version, named in the class comment
 */
public record WrapperSpec(
        String className,
        String resourceName,
        List<ValueSpec> inputs,
        List<ValueSpec> outputs,
        boolean hasTokenizer,
        String compilerVersion) {
    public WrapperSpec {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public String packageName() {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    public String simpleName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
