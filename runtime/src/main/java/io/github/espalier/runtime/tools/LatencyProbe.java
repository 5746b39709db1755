package io.github.espalier.runtime.tools;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.cpu.CpuFeatures;
import io.github.espalier.runtime.cpu.MachineDescription;
import io.github.espalier.runtime.model.CompiledModel;
import io.github.espalier.runtime.model.ModelOptions;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures a latency table on the machine the model will serve from, with nothing but the runtime jar: times
 * each variant of a probe bundle (see {@link ProbeManifest}) on synthetic tokens of the bundle's shape and
 * threads, and writes the table for the compiler's {@code latencyTable} parameter, so a build machine can
 * search for a variant that meets a latency budget on another machine.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp espalier-runtime-<version>.jar \
 *     io.github.espalier.runtime.tools.LatencyProbe <bundle folder> <table.json>
 * }</pre>
 */
public final class LatencyProbe {
    /** How to run the probe, for its usage line and the bundle's manifest. */
    public static final String COMMAND = "java " + CpuFeatures.VECTOR_FLAG + " -cp espalier-runtime-<version>.jar "
            + LatencyProbe.class.getName() + " <bundle folder> <table.json>";

    private LatencyProbe() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("Usage: " + COMMAND);
            System.exit(2);
        }
        try {
            Path table = Path.of(args[1]);
            LatencyJsonWriter.write(table, measure(Path.of(args[0]), LatencyTimer.standard(), System.out::println));
            System.out.println("Wrote " + table.toAbsolutePath());
        } catch (EspalierException | IOException e) {
            System.err.println("Latency probe failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Times every variant of the bundle in {@code folder}, in {@link RoundRobinTiming#ROUNDS} rounds.
     *
     * @param progress receives a line per variant timed
     */
    public static LatencyMeasurements measure(Path folder, LatencyTimer timer, Consumer<String> progress) {
        ProbeManifest manifest = ProbeManifest.read(folder);
        ModelOptions options = ModelOptions.defaults().withThreads(manifest.threads());
        // The first variant is timed once more first: in a fresh JVM the kernels are still being compiled for
        // this shape during its warm-up.
        time(folder, manifest, manifest.variants().getFirst(), options, timer);
        List<Timing> timings = RoundRobinTiming.fastest(manifest.variants(), RoundRobinTiming.ROUNDS, variant -> {
            Timing timing = time(folder, manifest, variant, options, timer);
            progress.accept(variant.architecture() + ": " + timing.summary());
            return timing;
        });
        List<VariantLatency> variants = new ArrayList<>();
        for (int v = 0; v < timings.size(); v++) {
            variants.add(new VariantLatency(manifest.variants().get(v).architecture(), timings.get(v)));
        }
        return new LatencyMeasurements(
                manifest.key(), MachineDescription.detect().fields(), variants);
    }

    private static Timing time(
            Path folder,
            ProbeManifest manifest,
            ProbeManifest.Variant variant,
            ModelOptions options,
            LatencyTimer timer) {
        try (CompiledModel model = CompiledModel.open(folder.resolve(variant.artifact()), options)) {
            Map<String, Tensor> inputs =
                    SyntheticInputs.tokens(model.inputs(), manifest.batchSize(), manifest.sequenceLength());
            return timer.time(() -> model.run(inputs));
        }
    }
}
