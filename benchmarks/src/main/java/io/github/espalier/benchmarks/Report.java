package io.github.espalier.benchmarks;

import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run measured, written as JSON and as the markdown table docs/benchmarks.md shows.
 *
 * @param machine the CPU, cores, JVM and the kernels our runtime picked
 * @param peakGflops the measured FMA peak for each thread count
 * @param rows warm latency, ours beside ONNX Runtime's
 * @param starts load time and first call, each engine in the JVM's first minutes
 * @param memory steady-state memory added by loading each engine and running it once
 * @param fileSizes our compiled artifact and the ONNX file, per precision, in bytes
 * @param mixedLength corpus paragraphs embedded in lists, padded or one length per pass, fp32
 */
record Report(
        Map<String, String> machine,
        Map<Integer, Double> peakGflops,
        List<Row> rows,
        List<Start> starts,
        Map<String, MemoryUse> memory,
        Map<String, Long> fileSizes,
        List<MixedLengthEmbedding.Result> mixedLength) {

    /**
     * One precision, thread count and shape, both engines timed in alternate rounds ({@link SideBySide}).
     *
     * @param onnxRuntimeFractionOfPeak ONNX Runtime's GFLOP/s over the fp32 FMA peak: at or above 0.8, an fp32
     *     engine cannot take 0.8x its latency; int8 engines can pass 1.0 with integer dot products
     */
    record Row(
            Precision precision,
            int threads,
            Shape shape,
            Latency ours,
            Latency onnxRuntime,
            double ratio,
            double oursSequencesPerSecond,
            double onnxRuntimeSequencesPerSecond,
            double oursGflops,
            double oursFractionOfPeak,
            double onnxRuntimeFractionOfPeak) {}

    /**
     * Loading an engine and calling it the first time (batch 1 x 128), against its warm median, and the Java
     * heap a warm call allocates.
     *
     * @param engine "espalier" or "onnxruntime"
     * @param allocatedPerCallKiB Java heap allocated per warm call, all threads (ONNX Runtime's native memory
     *     is not counted)
     */
    record Start(
            String engine,
            Precision precision,
            int threads,
            double loadMillis,
            double firstCallMillis,
            double warmMedianMillis,
            double firstCallToWarm,
            double allocatedPerCallKiB) {}
}
