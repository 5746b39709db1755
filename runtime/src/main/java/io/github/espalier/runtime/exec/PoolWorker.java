package io.github.espalier.runtime.exec;

import java.util.concurrent.locks.LockSupport;

/**
 * A thread of a {@link ComputePool}: runs its share of each job it is offered, spins briefly for the next
 * one, then parks until it is offered one or stopped.
 */
final class PoolWorker implements Runnable {
    /** How long a worker stays awake after a job: longer than the gap between operators of one pass. */
    static final long SPIN_NANOS = 100_000;

    private final Thread thread;
    private volatile ParallelJob job;
    private volatile boolean stopped;

    PoolWorker(String name) {
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    void offer(ParallelJob next) {
        job = next;
        LockSupport.unpark(thread);
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    /** Waits for the thread to end after {@link #stop}; an interrupt is kept for the caller to see. */
    void awaitStop() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: whether the thread is parked waiting for work, or has ended. */
    boolean isIdle() {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TERMINATED;
    }

    boolean isStopped() {
        return thread.getState() == Thread.State.TERMINATED;
    }

    @Override
    public void run() {
        ParallelJob done = null;
        long idleSince = System.nanoTime();
        while (!stopped) {
            ParallelJob current = job;
            if (current != done) {
                current.work();
                done = current;
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }
}
