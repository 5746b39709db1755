package io.github.espalier.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComputePoolTest {
    @ParameterizedTest
    @CsvSource({"1,0", "1,7", "2,1", "2,3", "2,1000", "3,5", "4,17"})
    void everyIndexRunsExactlyOnce(int threads, int count) {
        try (ComputePool pool = ComputePool.create(threads)) {
            for (int call = 0; call < 200; call++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(count);
                pool.parallelFor(count, runs::incrementAndGet);
                for (int i = 0; i < count; i++) {
                    assertThat(runs.get(i)).as("index %d of call %d", i, call).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aFailureReachesTheCallerAndThePoolKeepsWorking() {
        try (ComputePool pool = ComputePool.create(2)) {
            assertThatThrownBy(() -> pool.parallelFor(10, i -> {
                        if (i == 7) {
                            throw new IllegalStateException("index 7");
                        }
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("index 7");
            AtomicIntegerArray runs = new AtomicIntegerArray(10);
            pool.parallelFor(10, runs::incrementAndGet);
            assertThat(IntStream.range(0, 10).map(runs::get)).containsOnly(1);
        }
    }

    @Test
    void concurrentCallersEachGetAllTheirIndices() throws Exception {
        try (ComputePool pool = ComputePool.create(2)) {
            CompletableFuture<?>[] callers = new CompletableFuture<?>[4];
            for (int c = 0; c < callers.length; c++) {
                callers[c] = CompletableFuture.runAsync(() -> {
                    for (int call = 0; call < 300; call++) {
                        AtomicIntegerArray runs = new AtomicIntegerArray(9);
                        pool.parallelFor(9, runs::incrementAndGet);
                        assertThat(IntStream.range(0, 9).map(runs::get)).containsOnly(1);
                    }
                });
            }
            CompletableFuture.allOf(callers).get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void workersParkWhileIdleAndEndOnClose() throws InterruptedException {
        ComputePool pool = ComputePool.create(3);
        pool.parallelFor(100, i -> {});
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // A worker that has not yet run its first job can look WAITING for a moment (class initialization),
        // so idleness must hold across two looks, the second after the spin time has long passed.
        while (!idleTwice(pool) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(idleTwice(pool)).isTrue();
        pool.close();
        while (!pool.workersStopped() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(pool.workersStopped()).isTrue();
    }

    private static boolean idleTwice(ComputePool pool) throws InterruptedException {
        if (!pool.workersIdle()) {
            return false;
        }
        Thread.sleep(20);
        return pool.workersIdle();
    }

    @Test
    void aClosedPoolStillRunsWorkOnTheCaller() {
        ComputePool pool = ComputePool.create(2);
        pool.close();
        AtomicIntegerArray runs = new AtomicIntegerArray(5);
        pool.parallelFor(5, runs::incrementAndGet);
        assertThat(IntStream.range(0, 5).map(runs::get)).containsOnly(1);
    }
}
