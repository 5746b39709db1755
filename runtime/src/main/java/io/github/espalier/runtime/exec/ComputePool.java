package io.github.espalier.runtime.exec;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * The model's own threads: a fixed number chosen by the user (the calling thread counts as one), shut
 * down on close. Kernels split work with {@link #parallelFor}; the calling thread takes a share too.
 *
 * <p>A forward pass runs dozens of parallel operators a fraction of a millisecond apart. Waking a parked
 * thread for each cost more than the work on small inputs (two threads were slower than one), so a worker
 * spins for {@link PoolWorker#SPIN_NANOS} after each piece of work before it parks: it is ready for the next
 * operator of the same pass, and parked, not spinning, while the model is idle.
 */
public final class ComputePool implements AutoCloseable {
    private final int parallelism;
    private final PoolWorker[] workers;
    /** Set while a call spreads work over the workers; a concurrent call runs on its own thread instead. */
    private final AtomicBoolean busy = new AtomicBoolean();

    private ComputePool(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + parallelism);
        }
        this.parallelism = parallelism;
        this.workers = new PoolWorker[parallelism - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new PoolWorker("espalier-compute-" + i);
        }
    }

    public static ComputePool create(int threads) {
        return new ComputePool(threads);
    }

    public int parallelism() {
        return parallelism;
    }

    /** Runs {@code body} for every index in {@code [0, count)}, spread over the pool's threads. */
    public void parallelFor(int count, IntConsumer body) {
        if (workers.length == 0 || count <= 1 || !busy.compareAndSet(false, true)) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        try {
            ParallelJob job = new ParallelJob(count, parallelism, body);
            for (PoolWorker worker : workers) {
                worker.offer(job);
            }
            job.work();
            job.awaitCompletion();
        } finally {
            busy.set(false);
        }
    }

    /** For tests: whether every worker is parked (or ended), so none spins while the pool is idle. */
    boolean workersIdle() {
        for (PoolWorker worker : workers) {
            if (!worker.isIdle()) {
                return false;
            }
        }
        return true;
    }

    /** For tests: whether every worker thread has ended. */
    boolean workersStopped() {
        for (PoolWorker worker : workers) {
            if (!worker.isStopped()) {
                return false;
            }
        }
        return true;
    }

    /** Stops the threads and waits until they have ended, so a closed model leaves no thread behind. */
    @Override
    public void close() {
        for (PoolWorker worker : workers) {
            worker.stop();
        }
        for (PoolWorker worker : workers) {
            worker.awaitStop();
        }
    }
}
