package io.github.espalier.compiler.distill;

import java.util.ArrayList;
import java.util.List;

/**
 * Elements {@code [from, to)} of parameter {@code parameter} of a list: passes over all parameters cut them into
 * chunks of equal size, one task each, so every thread gets the same work however unequal the tensors.
 */
record ParameterChunk(int parameter, int from, int to) {
    private static final int SIZE = 1 << 15;

    static List<ParameterChunk> of(List<Parameter> parameters) {
        List<ParameterChunk> chunks = new ArrayList<>();
        for (int p = 0; p < parameters.size(); p++) {
            int size = parameters.get(p).value().length;
            for (int from = 0; from < size; from += SIZE) {
                chunks.add(new ParameterChunk(p, from, Math.min(size, from + SIZE)));
            }
        }
        return chunks;
    }
}
