package io.github.espalier.benchmarks;

/**
 * Our engine's and ONNX Runtime's latency on one input, timed in alternate rounds, the fastest round of each:
 * a slow spell of this shared machine (a third, for a minute at a time) then slows both engines alike rather
 * than whichever one it fell on, and the first round absorbs a freshly loaded model's JIT warm-up.
 *
 * @param ours our engine's fastest round
 * @param onnxRuntime ONNX Runtime's fastest round
 */
record SideBySide(Latency ours, Latency onnxRuntime) {
    static final int ROUNDS = 3;

    static SideBySide measure(Engine ours, Engine onnxRuntime, Shape.TokenBatch batch, double secondsPerRound)
            throws Exception {
        Latency oursFastest = null;
        Latency onnxRuntimeFastest = null;
        for (int round = 0; round < ROUNDS; round++) {
            oursFastest = faster(oursFastest, Latency.measure(ours, batch, secondsPerRound));
            onnxRuntimeFastest = faster(onnxRuntimeFastest, Latency.measure(onnxRuntime, batch, secondsPerRound));
        }
        return new SideBySide(oursFastest, onnxRuntimeFastest);
    }

    /** Our median over ONNX Runtime's. */
    double ratio() {
        return ours.medianMillis() / onnxRuntime.medianMillis();
    }

    private static Latency faster(Latency fastest, Latency next) {
        return fastest == null || next.medianMillis() < fastest.medianMillis() ? next : fastest;
    }
}
