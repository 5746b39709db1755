package io.github.espalier.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's memory at one moment: Java heap in use after a collection, and resident set size (which
 * also counts mapped files and native allocations, where ONNX Runtime keeps its weights).
 *
 * @param heapMiB heap in use after {@code System.gc()}
 * @param residentMiB resident set size, from {@code /proc/self/status}; -1 where that file does not exist
 */
record MemoryUse(double heapMiB, double residentMiB) {
    static MemoryUse now() {
        System.gc();
        double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        return new MemoryUse(heap, readResidentMiB());
    }

    MemoryUse minus(MemoryUse baseline) {
        return new MemoryUse(heapMiB - baseline.heapMiB, residentMiB - baseline.residentMiB);
    }

    private static double readResidentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: reported as unknown.
        }
        return -1;
    }
}
