package io.github.espalier.runtime.model;

import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Runs the program a few times on zero-filled inputs during load, so the JIT has compiled the kernels
 * before the first real call (cold, that call was about 20x slower than a warm one). Symbolic dimensions
 * are bound to one sequence of {@link #TOKENS} tokens: big enough for the kernels' inner loops to reach
 * C2, small enough to keep load short. Zeros are valid token ids, type ids and (all-masked) masks.
 */
final class WarmUp {
    static final int TOKENS = 64;
    static final int RUNS = 12;
    /** Inputs larger than this (fixed dimensions) are not warmed up: the cost would outweigh the gain. */
    static final long MAX_INPUT_ELEMENTS = 1 << 16;

    private static final System.Logger LOG = System.getLogger(WarmUp.class.getName());

    private WarmUp() {}

    /**
     * Runs {@code executor} {@link #RUNS} times; a failure is logged and otherwise ignored (the model still
     * loads). Skipped for inputs over {@link #MAX_INPUT_ELEMENTS} elements.
     */
    static void run(List<ValueSpec> inputs, UnaryOperator<Map<String, Tensor>> executor) {
        if (inputs.stream().anyMatch(spec -> dummyElements(spec) > MAX_INPUT_ELEMENTS)) {
            LOG.log(System.Logger.Level.DEBUG, "Warm-up skipped: the model's fixed input sizes are large");
            return;
        }
        try {
            Map<String, Tensor> dummy = dummyInputs(inputs);
            for (int i = 0; i < RUNS; i++) {
                executor.apply(dummy);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Warm-up skipped: the program does not run on zero inputs", e);
        }
    }

    /** Zero-filled inputs: symbolic leading axes (the batch) get 1, other symbolic axes {@link #TOKENS}. */
    static Map<String, Tensor> dummyInputs(List<ValueSpec> inputs) {
        Map<String, Tensor> dummy = new LinkedHashMap<>();
        for (ValueSpec spec : inputs) {
            dummy.put(spec.name(), Tensor.allocate(spec.dtype(), dummyShape(spec)));
        }
        return dummy;
    }

    private static long[] dummyShape(ValueSpec spec) {
        long[] shape = new long[spec.shape().size()];
        for (int axis = 0; axis < shape.length; axis++) {
            Dim dim = spec.shape().get(axis);
            shape[axis] = !dim.isSymbolic() ? dim.size() : axis == 0 ? 1 : TOKENS;
        }
        return shape;
    }

    /** The element count of the dummy input, saturating instead of overflowing. */
    private static long dummyElements(ValueSpec spec) {
        long elements = 1;
        for (long size : dummyShape(spec)) {
            if (size != 0 && elements > Long.MAX_VALUE / size) {
                return Long.MAX_VALUE;
            }
            elements *= size;
        }
        return elements;
    }
}
