package io.github.espalier.runtime.exec;

/** What a kernel may use while it runs: the model's thread pool, and the arena its outputs come from. */
public record ExecutionContext(ComputePool pool, TensorArena arena) {
    /** A context whose outputs are always new arrays, for kernels run outside an executor. */
    public ExecutionContext(ComputePool pool) {
        this(pool, TensorArena.allocating());
    }
}
