package io.github.espalier.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leaks and idle cost, measured: loading and closing a model many times, and many calls on one model, leave
 * heap, mappings, threads and open files where they were; an idle model's threads use no CPU.
 */
class SoakTest {
    private static final int LOADS = 1_000;
    private static final int CALLS = 100_000;
    /** Far below what the loads or calls would leave behind if each kept even a few KB. */
    private static final long HEAP_SLACK = 16L << 20;
    /** Threads the JVM may start on its own meanwhile (JIT compiler threads come and go). */
    private static final int THREAD_SLACK = 4;

    private static final long IDLE_MILLIS = 1_000;
    /** Parked threads use none; a thread that spins would use about the whole idle second. */
    private static final long IDLE_CPU_LIMIT_NANOS = 50_000_000;

    @TempDir
    Path folder;

    private Path artifact;

    @BeforeEach
    void writeArtifact() throws Exception {
        artifact = TinyEncoder.write(folder.resolve("tiny.esp"), 1);
    }

    @Test
    void loadingAndClosingAThousandTimesLeavesNothingBehind() {
        for (int i = 0; i < 20; i++) {
            loadCallAndClose();
        }
        ResourceSnapshot before = ResourceSnapshot.take();
        try (CompiledModel open = load()) {
            open.embed(List.of("the cat"));
            assertThat(ResourceSnapshot.take().mappedCount())
                    .as("the mapped-buffer bean sees the model's mapping")
                    .isEqualTo(before.mappedCount() + 1);
        }
        long start = System.nanoTime();
        for (int i = 0; i < LOADS; i++) {
            loadCallAndClose();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        ResourceSnapshot after = ResourceSnapshot.take();
        System.out.printf("%d loads and closes in %d ms%n  before: %s%n  after:  %s%n", LOADS, millis, before, after);
        assertNoGrowth(before, after);
    }

    @Test
    void aHundredThousandCallsOnOneModelLeaveNothingBehind() {
        try (CompiledModel model = load()) {
            for (int i = 0; i < 2_000; i++) {
                model.embed(List.of(text(i)));
            }
            ResourceSnapshot before = ResourceSnapshot.take();
            long start = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                model.embed(List.of(text(i)));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            ResourceSnapshot after = ResourceSnapshot.take();
            System.out.printf("%d calls in %d ms%n  before: %s%n  after:  %s%n", CALLS, millis, before, after);
            assertNoGrowth(before, after);
        }
    }

    @Test
    void anIdleModelsThreadsUseNoCpu() throws InterruptedException {
        try (CompiledModel model = load()) {
            for (int i = 0; i < 100; i++) {
                model.embed(List.of(text(i), text(i + 1)));
            }
            List<Long> threads = computeThreads();
            assertThat(threads).as("the calls started the pool's threads").isNotEmpty();
            Thread.sleep(100);
            long before = cpuNanos(threads);
            Thread.sleep(IDLE_MILLIS);
            long used = cpuNanos(threads) - before;
            System.out.printf(
                    "%d idle compute threads used %.3f ms of CPU in %d ms%n", threads.size(), used / 1e6, IDLE_MILLIS);
            assertThat(used).isLessThan(IDLE_CPU_LIMIT_NANOS);
        }
    }

    private void loadCallAndClose() {
        try (CompiledModel model = load()) {
            model.embed(List.of("the cat sat", "on the mat"));
        }
    }

    private CompiledModel load() {
        return CompiledModel.open(artifact, new ModelOptions(2));
    }

    private static String text(int i) {
        return "the cat sat on mat " + i;
    }

    private static void assertNoGrowth(ResourceSnapshot before, ResourceSnapshot after) {
        assertThat(after.heapBytes()).as("heap after GC").isLessThan(before.heapBytes() + HEAP_SLACK);
        assertThat(after.mappedCount()).as("mappings").isEqualTo(before.mappedCount());
        assertThat(after.mappedBytes()).as("mapped bytes").isEqualTo(before.mappedBytes());
        assertThat(after.threads()).as("threads").isLessThanOrEqualTo(before.threads() + THREAD_SLACK);
        assertThat(after.openFiles()).as("open files").isLessThanOrEqualTo(before.openFiles());
    }

    private static List<Long> computeThreads() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return Arrays.stream(bean.getThreadInfo(bean.getAllThreadIds()))
                .filter(Objects::nonNull)
                .filter(info -> info.getThreadName().startsWith("espalier-compute-"))
                .map(ThreadInfo::getThreadId)
                .toList();
    }

    private static long cpuNanos(List<Long> threads) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return threads.stream()
                .mapToLong(bean::getThreadCpuTime)
                .filter(nanos -> nanos > 0)
                .sum();
    }
}
