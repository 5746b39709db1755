package io.github.espalier.compiler.fuzz;

import io.github.espalier.runtime.model.CompiledModel;
import io.github.espalier.runtime.model.ModelOptions;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a (possibly hostile) artifact the way a user does (which reads its tokenizer section too) and runs
 * it once on small inputs.
 */
final class LoadedModels {
    /** Inputs above this many elements are not built: the fuzzers look for crashes, not for slow runs. */
    private static final long MAX_INPUT_ELEMENTS = 1 << 16;

    private LoadedModels() {}

    /** Opens and runs; returns what {@link #run} does, or throws what loading or running threw. */
    static String exercise(Path artifact) {
        try (CompiledModel model = open(artifact)) {
            return run(model);
        }
    }

    static CompiledModel open(Path artifact) {
        return CompiledModel.open(artifact, ModelOptions.defaults().withThreads(1));
    }

    /** Returns "ran", or "loaded" when the declared inputs are too large to build. */
    static String run(CompiledModel model) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (ValueSpec spec : model.inputs()) {
            long[] shape = smallShape(spec.shape());
            if (shape == null) {
                return "loaded";
            }
            inputs.put(spec.name(), Tensor.allocate(spec.dtype(), shape));
        }
        model.run(inputs);
        return "ran";
    }

    /** Symbolic dims as 2, fixed ones as declared; null when that makes too many elements. */
    private static long[] smallShape(List<Dim> dims) {
        long[] shape = new long[dims.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).isSymbolic() ? 2 : dims.get(i).size();
            if (shape[i] > MAX_INPUT_ELEMENTS / elements) {
                return null;
            }
            elements *= Math.max(1, shape[i]);
        }
        return shape;
    }
}
