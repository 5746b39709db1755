package io.github.espalier.runtime.model;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks run-time inputs against the declared graph inputs, with messages that name what is wrong. */
final class InputCheck {
    private InputCheck() {}

    static void check(List<ValueSpec> specs, Map<String, Tensor> inputs) {
        if (inputs == null) {
            throw new EspalierException("inputs must not be null; the model's inputs are " + describe(specs));
        }
        for (String name : inputs.keySet()) {
            if (specs.stream().noneMatch(spec -> spec.name().equals(name))) {
                throw new EspalierException("unknown input '" + name + "'; the model's inputs are " + describe(specs));
            }
        }
        Map<String, SymbolBinding> symbols = new HashMap<>();
        for (ValueSpec spec : specs) {
            Tensor tensor = inputs.get(spec.name());
            if (tensor == null) {
                throw new EspalierException(
                        "missing input '" + spec.name() + "'; the model's inputs are " + describe(specs));
            }
            checkOne(spec, tensor, symbols);
        }
    }

    private static void checkOne(ValueSpec spec, Tensor tensor, Map<String, SymbolBinding> symbols) {
        long[] shape = tensor.shape();
        boolean matches =
                tensor.dtype() == spec.dtype() && shape.length == spec.shape().size();
        for (int axis = 0; matches && axis < shape.length; axis++) {
            Dim dim = spec.shape().get(axis);
            matches = dim.isSymbolic() || dim.size() == shape[axis];
        }
        if (!matches) {
            throw new EspalierException("input '" + spec.name() + "' expects " + describe(spec) + " but got "
                    + tensor.dtype() + " " + Arrays.toString(shape));
        }
        for (int axis = 0; axis < shape.length; axis++) {
            Dim dim = spec.shape().get(axis);
            if (dim.isSymbolic()) {
                SymbolBinding bound = symbols.putIfAbsent(dim.symbol(), new SymbolBinding(spec.name(), shape[axis]));
                if (bound != null && bound.size() != shape[axis]) {
                    throw new EspalierException("inputs disagree on '" + dim.symbol() + "': '" + bound.input()
                            + "' has " + bound.size() + " but '" + spec.name() + "' has " + shape[axis]);
                }
            }
        }
    }

    static String describe(ValueSpec spec) {
        return spec.dtype() + " " + spec.shape();
    }

    private static String describe(List<ValueSpec> specs) {
        return specs.stream()
                .map(spec -> spec.name() + " " + describe(spec))
                .toList()
                .toString();
    }

    private record SymbolBinding(String input, long size) {}
}
