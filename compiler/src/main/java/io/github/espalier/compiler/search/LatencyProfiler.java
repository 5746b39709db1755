package io.github.espalier.compiler.search;

import io.github.espalier.compiler.backend.java.ProgramBuilder;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.cpu.CpuFeatures;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.Executor;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tensor.Tensor;
import io.github.espalier.runtime.tools.LatencyTimer;
import io.github.espalier.runtime.tools.RoundRobinTiming;
import io.github.espalier.runtime.tools.SyntheticInputs;
import io.github.espalier.runtime.tools.Timing;
import io.github.espalier.runtime.tools.VariantLatency;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Times real compiled variants in this process, on this machine: builds each variant's program, runs it on
 * synthetic tokens of the search's shape with the search's threads, and times it as {@link
 * io.github.espalier.runtime.tools.LatencyProbe} times a bundle on a deployment machine.
 */
public final class LatencyProfiler {
    private static final System.Logger LOG = System.getLogger(LatencyProfiler.class.getName());

    private final Function<Architecture, Graph> variants;
    private final SearchSettings settings;
    private final LatencyTimer timer;
    private boolean warm;

    /**
     * @param variants builds the optimized graph of a variant, ready for {@link ProgramBuilder#build} with its
     *     initializers as constants
     * @param settings the batch size, sequence length and threads to time with
     * @param timer how long to warm up and how many calls to time
     */
    public LatencyProfiler(Function<Architecture, Graph> variants, SearchSettings settings, LatencyTimer timer) {
        this.variants = variants;
        this.settings = settings;
        this.timer = timer;
        if (!CpuFeatures.detect().vectorApiAvailable()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "This JVM runs without the Vector API, so latencies measured here are those of the scalar kernels;"
                            + " for the latencies of an application started with " + CpuFeatures.VECTOR_FLAG
                            + ", add that flag to the build's JVM (e.g. .mvn/jvm.config)");
        }
    }

    /** With {@link LatencyTimer#standard()}. */
    public LatencyProfiler(Function<Architecture, Graph> variants, SearchSettings settings) {
        this(variants, settings, LatencyTimer.standard());
    }

    /**
     * The median latency of one variant, in milliseconds: the lower of two timings, since on a shared machine
     * interference only ever adds time (measured here: an unpruned model timed at 31.7 ms between timings of
     * 20–23 ms).
     */
    public double measureMs(Architecture architecture) {
        return Math.min(time(architecture).medianMs(), time(architecture).medianMs());
    }

    /**
     * The latency of {@code architecture} on the scale of {@code referenceMs}: its median over the median of
     * {@code reference}, the two timed in alternation for {@link RoundRobinTiming#ROUNDS} rounds (the fastest
     * round of each), times {@code referenceMs}. On a shared machine everything runs up to a third slower for
     * a minute at a time, and background JIT compilation takes one of two cores, but two variants timed in
     * alternation slow down alike (measured here: the unpruned model at 9.2 then 11.6 ms, a variant's ratio to
     * it at 0.771 then 0.780), so the ratio can be held against a budget set on the latency table's scale.
     */
    public double measureRelativeMs(Architecture architecture, Architecture reference, double referenceMs) {
        List<Timing> timings =
                RoundRobinTiming.fastest(List.of(reference, architecture), RoundRobinTiming.ROUNDS, this::time);
        return referenceMs * timings.get(1).medianMs() / timings.get(0).medianMs();
    }

    /**
     * The first variant this profiler times is timed twice and its first timing dropped: in a fresh JVM, or
     * after another search's garbage, the kernels are still being compiled for this shape during its warm-up
     * (measured here: 108 ms for a variant that runs in 25 ms), and every entry of the table counts.
     */
    public Timing time(Architecture architecture) {
        if (!warm) {
            warm = true;
            time(architecture);
        }
        Graph graph = variants.apply(architecture);
        Program program = ProgramBuilder.build(graph);
        Map<String, Tensor> inputs =
                SyntheticInputs.tokens(program.inputs(), settings.batchSize(), settings.sequenceLength());
        try (ComputePool pool = ComputePool.create(settings.threads())) {
            Executor executor = new Executor(program, graph.initializers(), pool);
            Timing timing = timer.time(() -> executor.run(inputs));
            LOG.log(System.Logger.Level.INFO, () -> "Latency of " + architecture + ": " + timing.summary());
            return timing;
        }
    }

    /** Times every variant of the grid in {@link RoundRobinTiming#ROUNDS} rounds, for {@link LatencyTables}. */
    public List<VariantLatency> measure(LatencyGrid grid) {
        List<Architecture> variants = grid.variants();
        List<Timing> timings = RoundRobinTiming.fastest(variants, RoundRobinTiming.ROUNDS, this::time);
        return IntStream.range(0, variants.size())
                .mapToObj(v -> new VariantLatency(variants.get(v).toString(), timings.get(v)))
                .toList();
    }
}
