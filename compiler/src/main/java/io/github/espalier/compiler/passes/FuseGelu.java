package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;

/** Not implemented yet: returns the graph unchanged. */
public final class FuseGelu implements Pass {
    @Override
    public Graph apply(Graph graph) {
        return graph;
    }
}
