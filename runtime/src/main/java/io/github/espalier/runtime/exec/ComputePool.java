package io.github.espalier.runtime.exec;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The model's own threads: a fixed number chosen by the user, parked while idle, shut down on close.
 * Kernels split work with {@link #parallelFor}; the calling thread does a share of the work too.
 */
public final class ComputePool implements AutoCloseable {
    private final int parallelism;
    private final ForkJoinPool pool;

    private ComputePool(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + parallelism);
        }
        this.parallelism = parallelism;
        this.pool = parallelism == 1 ? null : new ForkJoinPool(parallelism, ComputePool::newThread, null, false);
    }

    public static ComputePool create(int threads) {
        return new ComputePool(threads);
    }

    public int parallelism() {
        return parallelism;
    }

    /** Runs {@code body} for every index in {@code [0, count)}, spread over the pool's threads. */
    public void parallelFor(int count, IntConsumer body) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        int chunks = Math.min(count, parallelism);
        pool.invoke(new Range(0, chunks, count, chunks, body));
    }

    /** Stops the threads and waits until they have finished, so a closed model leaves no thread behind. */
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private static ForkJoinWorkerThread newThread(ForkJoinPool owner) {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(owner);
        thread.setName("espalier-compute-" + thread.getPoolIndex());
        thread.setDaemon(true);
        return thread;
    }

    /** Chunks [from, to) of {@code chunks} even slices of [0, count), split in halves until one is left. */
    private static final class Range extends RecursiveAction {
        private final int from;
        private final int to;
        private final int count;
        private final int chunks;
        private final transient IntConsumer body;

        Range(int from, int to, int count, int chunks, IntConsumer body) {
            this.from = from;
            this.to = to;
            this.count = count;
            this.chunks = chunks;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from > 1) {
                int mid = (from + to) >>> 1;
                invokeAll(new Range(from, mid, count, chunks, body), new Range(mid, to, count, chunks, body));
                return;
            }
            int start = (int) ((long) count * from / chunks);
            int end = (int) ((long) count * to / chunks);
            for (int i = start; i < end; i++) {
                body.accept(i);
            }
        }
    }
}
