package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;

/** One optimization or analysis step: a function from graph IR to graph IR, tested on its own. */
@FunctionalInterface
public interface Pass {
    Graph apply(Graph graph);
}
