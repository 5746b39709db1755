package io.github.espalier.runtime.model;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** What a leak would make grow, read from the JVM's management beans: heap after GC, mappings, threads, files. */
record ResourceSnapshot(long heapBytes, long mappedCount, long mappedBytes, int threads, long openFiles) {
    private static final int GC_ROUNDS = 3;

    static ResourceSnapshot take() {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
        }
        BufferPoolMXBean mapped = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("mapped"))
                .findFirst()
                .orElseThrow();
        return new ResourceSnapshot(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                mapped.getCount(),
                mapped.getMemoryUsed(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                countOpenFiles());
    }

    /** -1 where the JVM cannot count them (not a Unix system). */
    private static long countOpenFiles() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }

    @Override
    public String toString() {
        return "heap %.1f MiB, mapped %d (%d bytes), %d threads, %d open files"
                .formatted(heapBytes / 1048576.0, mappedCount, mappedBytes, threads, openFiles);
    }
}
