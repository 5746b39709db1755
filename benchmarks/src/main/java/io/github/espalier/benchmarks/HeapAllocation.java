package io.github.espalier.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * Java heap allocated per call, on every thread of the JVM (the engine's compute threads included): a
 * steady-state call of ours should allocate its outputs and little else.
 */
final class HeapAllocation {
    private static final int CALLS = 20;

    private HeapAllocation() {}

    /** KiB allocated per call, over a few warm calls. */
    static double perCallKiB(Engine engine, Shape.TokenBatch batch) throws Exception {
        long before = allocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            engine.run(batch);
        }
        return (allocatedBytes() - before) / 1024.0 / CALLS;
    }

    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }
}
