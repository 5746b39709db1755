package io.github.espalier.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's attainable peak, measured rather than looked up: independent fused multiply-adds in the
 * widest vectors the JIT offers, on as many threads as the benchmark uses. Clock boost and throttling are
 * thereby included, as they are for the model.
 */
final class PeakFlops {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final long ITERATIONS = 200_000_000L / SPECIES.length();

    private PeakFlops() {}

    /** GFLOP/s over {@code threads} threads, the best of three tries. */
    static double measure(int threads) {
        double best = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            long start = System.nanoTime();
            List<CompletableFuture<Float>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(CompletableFuture.supplyAsync(
                        PeakFlops::fmaLoop, runnable -> Thread.ofPlatform().start(runnable)));
            }
            float sink = 0;
            for (CompletableFuture<Float> future : work) {
                sink += future.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (Float.isNaN(sink)) {
                throw new IllegalStateException("unreachable: keeps the loop's result alive");
            }
            best = Math.max(best, threads * ITERATIONS * 8.0 * 2 * SPECIES.length() / seconds / 1e9);
        }
        return best;
    }

    /** Eight independent accumulators hide the FMA latency, as a GEMM micro-kernel does. */
    private static float fmaLoop() {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.999f);
        FloatVector b = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        for (long i = 0; i < ITERATIONS; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).reduceLanes(VectorOperators.ADD);
    }
}
