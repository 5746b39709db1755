package com.example.first;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The generated class as users share it: one instance, many threads, then closed. */
class SharedModelTest {
    private static final int THREADS = 4;
    private static final long[][][] BATCHES = {
        {{1, 5, 9, 2}},
        {{3, 4, 0, 0}, {7, 8, 9, 31}},
        {{30, 2, 11}},
    };

    @Test
    void threadsSharingOneInstanceGetTheResultsOfSequentialCalls() throws Exception {
        TinyEncoder model = TinyEncoder.load(TinyEncoder.Options.defaults().threads(2));
        List<float[][][]> expected = new ArrayList<>();
        for (long[][] ids : BATCHES) {
            expected.add(model.forward(ids, maskOf(ids)).lastHiddenState());
        }
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                running.add(callers.submit(() -> {
                    for (int call = 0; call < 300; call++) {
                        int batch = call % BATCHES.length;
                        float[][][] actual = model.forward(BATCHES[batch], maskOf(BATCHES[batch])).lastHiddenState();
                        assertIdentical(expected.get(batch), actual);
                    }
                    return null;
                }));
            }
            for (Future<?> caller : running) {
                caller.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        model.close();
        IllegalStateException closed =
                assertThrows(IllegalStateException.class, () -> model.forward(BATCHES[0], maskOf(BATCHES[0])));
        System.out.println("first: after close: " + closed.getMessage());
    }

    /** Bit for bit: a call gives the same result whatever runs beside it. */
    private static void assertIdentical(float[][][] expected, float[][][] actual) {
        for (int b = 0; b < expected.length; b++) {
            for (int s = 0; s < expected[b].length; s++) {
                assertArrayEquals(expected[b][s], actual[b][s], "at [" + b + "][" + s + "]");
            }
        }
    }

    private static long[][] maskOf(long[][] ids) {
        long[][] mask = new long[ids.length][];
        for (int b = 0; b < ids.length; b++) {
            mask[b] = new long[ids[b].length];
            for (int s = 0; s < ids[b].length; s++) {
                mask[b][s] = ids[b][s] == 0 ? 0 : 1;
            }
        }
        return mask;
    }
}
