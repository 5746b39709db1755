package io.github.espalier.runtime.exec;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * One {@link ComputePool#parallelFor} call: {@code [0, count)} cut into a few chunks per thread, which the
 * caller and the workers claim one at a time, so a thread that finishes early takes more.
 */
final class ParallelJob {
    private static final int CHUNKS_PER_THREAD = 4;

    private final int count;
    private final int chunks;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger completedChunks = new AtomicInteger();
    /** Dropped once every chunk has run, so a worker's last job does not hold the kernel's arrays. */
    private IntConsumer body;

    private volatile Throwable failure;

    ParallelJob(int count, int threads, IntConsumer body) {
        this.count = count;
        this.chunks = Math.min(count, threads * CHUNKS_PER_THREAD);
        this.body = body;
    }

    /** Claims and runs chunks until none is left. */
    void work() {
        for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement()) {
            if (failure == null) {
                try {
                    runChunk(chunk);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
            }
            completedChunks.incrementAndGet();
        }
    }

    /** Waits until the chunks other threads claimed have run, then rethrows the first failure. */
    void awaitCompletion() {
        for (int spins = 0; completedChunks.get() < chunks; spins++) {
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

    private void runChunk(int chunk) {
        int start = (int) ((long) count * chunk / chunks);
        int end = (int) ((long) count * (chunk + 1) / chunks);
        for (int i = start; i < end; i++) {
            body.accept(i);
        }
    }
}
