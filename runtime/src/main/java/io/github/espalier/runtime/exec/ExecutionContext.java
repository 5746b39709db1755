package io.github.espalier.runtime.exec;

/** What a kernel may use while it runs: the model's thread pool. */
public record ExecutionContext(ComputePool pool) {}
