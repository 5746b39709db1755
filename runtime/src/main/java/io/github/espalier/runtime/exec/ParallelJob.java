package io.github.espalier.runtime.exec;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * One {@link ComputePool#parallelFor} call: the caller and the workers claim runs of {@code [0, count)}, each a
 * share of what is left (guided scheduling), so runs are long while much is left and single indices at the end,
 * and the threads finish together. Fixed chunks (four a thread) left a worker idle for 16% of a MiniLM pass on
 * two threads: twelve attention heads or eighteen GEMM tiles cut into eight chunks end with one thread running
 * a chunk of two or three while the other waits.
 */
final class ParallelJob {
    /** Each claim takes 1 / (threads x this) of the indices left. */
    private static final int SHARES_PER_THREAD = 2;

    private final int count;
    private final int claimDivisor;
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final AtomicInteger completedIndices = new AtomicInteger();
    /** Dropped once every index has run, so a worker's last job does not hold the kernel's arrays. */
    private IntConsumer body;

    private volatile Throwable failure;

    ParallelJob(int count, int threads, IntConsumer body) {
        this.count = count;
        this.claimDivisor = threads * SHARES_PER_THREAD;
        this.body = body;
    }

    /** Claims runs of indices and runs them until none is left. */
    void work() {
        for (int start = nextIndex.get(); start < count; start = nextIndex.get()) {
            int end = start + Math.max(1, (count - start) / claimDivisor);
            if (!nextIndex.compareAndSet(start, end)) {
                continue;
            }
            if (failure == null) {
                try {
                    for (int i = start; i < end; i++) {
                        body.accept(i);
                    }
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
            }
            completedIndices.addAndGet(end - start);
        }
    }

    /** Waits until the indices other threads claimed have run, then rethrows the first failure. */
    void awaitCompletion() {
        for (int spins = 0; completedIndices.get() < count; spins++) {
            if (spins < 1_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        body = null;
        Throwable thrown = failure;
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
    }
}
