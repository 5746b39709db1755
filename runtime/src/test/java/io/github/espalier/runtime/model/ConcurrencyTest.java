package io.github.espalier.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.artifact.ModelArtifact;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads on one model, close while calls run, and two models side by side, on the real kernels.
 * Results are compared bit for bit: the kernels give the same bits before and after the JIT compiles them,
 * and a call's work is split the same way whatever else runs.
 */
class ConcurrencyTest {
    private static final int CALLERS = 8;
    private static final List<String> TEXTS = IntStream.range(0, 24)
            .mapToObj(i -> "the cat sat " + "on mat number " + i + " ".repeat(i % 3) + "x".repeat(i % 7)
                    + " word".repeat(i % 5))
            .toList();

    @TempDir
    Path folder;

    @Test
    void concurrentCallsGiveTheResultsOfSequentialCalls() throws Exception {
        try (CompiledModel model = CompiledModel.open(TinyEncoder.write(folder.resolve("a.esp"), 1), options())) {
            float[][] expected = sequential(model);
            float[][] expectedBatch = model.embed(TEXTS.subList(0, 5));
            runConcurrently(CALLERS, caller -> {
                for (int round = 0; round < 40; round++) {
                    int text = (caller * 7 + round) % TEXTS.size();
                    assertSame(model.embed(List.of(TEXTS.get(text)))[0], expected[text]);
                    if (round % 10 == 0) {
                        float[][] batch = model.embed(TEXTS.subList(0, 5));
                        for (int i = 0; i < batch.length; i++) {
                            assertSame(batch[i], expectedBatch[i]);
                        }
                    }
                }
            });
        }
    }

    /** Long enough for the JIT to compile and recompile the kernels, which must not change a bit. */
    @Test
    void theSameCallGivesTheSameBitsThroughoutTheJvmsLife() throws Exception {
        try (CompiledModel model = CompiledModel.open(TinyEncoder.write(folder.resolve("a.esp"), 1), options())) {
            float[] first = model.embed(List.of(TEXTS.get(5)))[0];
            for (int call = 1; call < 5_000; call++) {
                assertThat(model.embed(List.of(TEXTS.get(5)))[0])
                        .as("call %d", call)
                        .isEqualTo(first);
            }
        }
    }

    @Test
    void twoModelsInOneJvmDoNotInterfere() throws Exception {
        CompiledModel first = CompiledModel.open(TinyEncoder.write(folder.resolve("a.esp"), 1), options());
        try (CompiledModel second = CompiledModel.open(TinyEncoder.write(folder.resolve("b.esp"), 2), options())) {
            float[][] firstExpected = sequential(first);
            float[][] secondExpected = sequential(second);
            assertThat(Math.abs(firstExpected[0][0] - secondExpected[0][0])).isGreaterThan(1e-5f);
            runConcurrently(CALLERS, caller -> {
                CompiledModel model = caller % 2 == 0 ? first : second;
                float[][] expected = caller % 2 == 0 ? firstExpected : secondExpected;
                for (int round = 0; round < 40; round++) {
                    int text = (caller + round) % TEXTS.size();
                    assertSame(model.embed(List.of(TEXTS.get(text)))[0], expected[text]);
                }
            });
            first.close();
            float[][] secondAlone = sequential(second);
            for (int i = 0; i < secondAlone.length; i++) {
                assertSame(secondAlone[i], secondExpected[i]);
            }
        } finally {
            first.close();
        }
    }

    /**
     * Callers loop until the model refuses them; the main thread closes it midway. Every call either
     * returns the right result or fails with IllegalStateException: never a wrong result, never a read of
     * released memory.
     */
    @Test
    void closeWhileCallsAreInFlightLetsThemFinishAndRefusesLaterCalls() throws Exception {
        CompiledModel model = CompiledModel.open(TinyEncoder.write(folder.resolve("a.esp"), 1), options());
        float[][] expected = sequential(model);
        AtomicInteger completed = new AtomicInteger();
        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicInteger completedAfterClose = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                running.add(callers.submit(() -> {
                    for (int round = 0; ; round++) {
                        int text = (caller + round) % TEXTS.size();
                        float[] vector;
                        try {
                            vector = model.embed(List.of(TEXTS.get(text)))[0];
                        } catch (IllegalStateException refused) {
                            assertThat(refused).hasMessageContaining("is closed");
                            return null;
                        }
                        if (closeReturned.get()) {
                            completedAfterClose.incrementAndGet();
                        }
                        assertSame(vector, expected[text]);
                        completed.incrementAndGet();
                    }
                }));
            }
            while (completed.get() < 200) {
                Thread.onSpinWait();
            }
            model.close();
            closeReturned.set(true);
            for (Future<?> caller : running) {
                caller.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(completedAfterClose)
                .as("calls that completed after close returned")
                .hasValue(0);
        assertThatThrownBy(() -> model.embed(List.of("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tiny-encoder-1 is closed");
    }

    /** With a runner held inside a call: close waits for it, new calls are refused meanwhile, the call completes. */
    @Test
    void closeWaitsForTheCallInProgress() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Path file = TinyEncoder.write(folder.resolve("a.esp"), 1);
        Tensor result = Tensor.ofFloats(new float[] {42f}, 1);
        ModelArtifact artifact = ModelArtifact.open(file);
        CompiledModel model = new CompiledModel(
                artifact,
                inputs -> {
                    inside.countDown();
                    awaitQuietly(release);
                    return Map.of("last_hidden_state", result);
                },
                ComputePool.create(2),
                null);
        Map<String, Tensor> inputs = Map.of(
                "input_ids", Tensor.ofLongs(new long[] {2, 3}, 1, 2),
                "attention_mask", Tensor.ofLongs(new long[] {1, 1}, 1, 2),
                "token_type_ids", Tensor.ofLongs(new long[] {0, 0}, 1, 2));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Map<String, Tensor>> call = threads.submit(() -> model.run(inputs));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> closing = threads.submit(model::close);
            assertThatThrownBy(() -> closing.get(300, TimeUnit.MILLISECONDS))
                    .as("close must wait for the call in progress")
                    .isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> model.run(inputs))
                    .as("a call made while close waits")
                    .isInstanceOf(IllegalStateException.class);
            assertThat(artifact.tensors())
                    .as("the memory is still there for the call")
                    .isNotEmpty();
            release.countDown();
            assertThat(call.get(30, TimeUnit.SECONDS)).containsEntry("last_hidden_state", result);
            closing.get(30, TimeUnit.SECONDS);
            assertThatThrownBy(artifact::tensors).hasMessageContaining("is closed");
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    private static void assertSame(float[] actual, float[] expected) {
        assertThat(actual).containsExactly(expected);
    }

    private static float[][] sequential(CompiledModel model) {
        return TEXTS.stream().map(text -> model.embed(List.of(text))[0]).toArray(float[][]::new);
    }

    private static ModelOptions options() {
        return new ModelOptions(2);
    }

    private interface Caller {
        void run(int caller) throws Exception;
    }

    /** Starts every caller at once and rethrows the first failure. */
    private static void runConcurrently(int count, Caller body) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < count; c++) {
                int caller = c;
                futures.add(threads.submit(() -> {
                    start.await();
                    body.run(caller);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
