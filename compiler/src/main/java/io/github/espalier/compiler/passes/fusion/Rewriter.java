package io.github.espalier.compiler.passes.fusion;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects pattern replacements on one graph and applies them together. A replacement is refused (and
 * the graph left as it was there) when a value computed inside the pattern is still needed outside it;
 * readers that only feed the pattern back (e.g. the Shape chain of a Reshape's target shape) are removed
 * with it.
 */
public final class Rewriter {
    private final GraphView view;
    private final Set<Node> removed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, Node> replacements = new IdentityHashMap<>();
    private final Map<String, Tensor> addedInitializers = new LinkedHashMap<>();

    public Rewriter(GraphView view) {
        this.view = view;
    }

    /**
     * Replaces the nodes of {@code pattern} by {@code fused}, which takes the place of {@code root} (the
     * pattern node that computes the outputs {@code fused} keeps). Returns false, changing nothing, if the
     * pattern overlaps an earlier replacement or one of its inner values is used elsewhere.
     */
    public boolean replace(List<Node> pattern, Node root, Node fused) {
        Set<Node> inside = Collections.newSetFromMap(new IdentityHashMap<>());
        inside.addAll(pattern);
        if (!inside.contains(root) || !root.outputs().containsAll(fused.outputs())) {
            throw new IllegalArgumentException("root " + root + " must be in the pattern and keep the fused outputs");
        }
        if (inside.stream().anyMatch(removed::contains)) {
            return false;
        }
        Set<Node> dying = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node node : pattern) {
            for (String output : node.outputs()) {
                if (node == root && fused.outputs().contains(output)) {
                    continue;
                }
                if (view.isGraphOutput(output)) {
                    return false;
                }
                for (Node reader : view.consumers(output)) {
                    if (!inside.contains(reader) && !diesWith(reader, inside, dying)) {
                        return false;
                    }
                }
            }
        }
        if (dying.stream().anyMatch(removed::contains)) {
            return false;
        }
        removed.addAll(inside);
        removed.addAll(dying);
        replacements.put(root, fused);
        return true;
    }

    /** Whether {@code node} only feeds the pattern, so it can go with it; collects such nodes in {@code dying}. */
    private boolean diesWith(Node node, Set<Node> pattern, Set<Node> dying) {
        if (pattern.contains(node) || dying.contains(node)) {
            return true;
        }
        for (String output : node.outputs()) {
            if (view.isGraphOutput(output)) {
                return false;
            }
            for (Node reader : view.consumers(output)) {
                if (!diesWith(reader, pattern, dying)) {
                    return false;
                }
            }
        }
        dying.add(node);
        return true;
    }

    /** Adds a constant under a name not yet used in the graph, derived from {@code base}; returns the name. */
    public String addInitializer(String base, Tensor tensor) {
        String name = base;
        for (int i = 1; isTaken(name); i++) {
            name = base + "_" + i;
        }
        addedInitializers.put(name, tensor);
        return name;
    }

    private boolean isTaken(String name) {
        return view.graph().initializers().containsKey(name)
                || addedInitializers.containsKey(name)
                || !view.consumers(name).isEmpty()
                || view.graph().producers().containsKey(name);
    }

    public boolean changed() {
        return !replacements.isEmpty();
    }

    /** The graph with every accepted replacement applied, fused nodes at their roots' positions. */
    public Graph result() {
        Graph graph = view.graph();
        if (!changed()) {
            return graph;
        }
        List<Node> nodes = new ArrayList<>();
        for (Node node : graph.nodes()) {
            Node fused = replacements.get(node);
            if (fused != null) {
                nodes.add(fused);
            } else if (!removed.contains(node)) {
                nodes.add(node);
            }
        }
        Map<String, Tensor> initializers = new LinkedHashMap<>(graph.initializers());
        initializers.putAll(addedInitializers);
        return graph.withNodesAndInitializers(nodes, initializers);
    }
}
