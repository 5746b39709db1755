package io.github.espalier.runtime.model;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lets any number of calls run at once and makes closing safe while they do: {@link #close} stops new calls
 * at once, waits for the calls in progress to return, and only then releases what they use. Without it,
 * closing would unmap the weights under a running call.
 */
final class CallGate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String name;
    private final Runnable release;
    private volatile boolean closed;
    private boolean released;

    /**
     * @param name what the gate guards, for the message calls get after close
     * @param release frees the resources; runs once, when no call is in progress
     */
    CallGate(String name, Runnable release) {
        this.name = name;
        this.release = release;
    }

    /** Runs {@code call} unless the gate is closed; close waits for it. */
    <T> T call(Supplier<T> call) {
        requireOpen();
        Lock inFlight = lock.readLock();
        inFlight.lock();
        try {
            // Checked again under the lock: close may have begun and finished while this call waited for it.
            requireOpen();
            return call.get();
        } finally {
            inFlight.unlock();
        }
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("model " + name
                    + " is closed; load it again to make more calls, and close it only after the last call");
        }
    }

    /** Refuses new calls, waits for those in progress, then releases. Idempotent; returns once released. */
    void close() {
        closed = true;
        Lock exclusive = lock.writeLock();
        exclusive.lock();
        try {
            if (!released) {
                released = true;
                release.run();
            }
        } finally {
            exclusive.unlock();
        }
    }
}
