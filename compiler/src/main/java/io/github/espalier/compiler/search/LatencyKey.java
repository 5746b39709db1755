package io.github.espalier.compiler.search;

import io.github.espalier.compiler.CompilerVersion;
import io.github.espalier.runtime.tools.ProbeManifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything but the machine that a latency table is valid for: another compiler (other kernels or
 * passes), model, input shape, thread count or grid makes other latencies. The machine is kept apart because
 * a table measured on another machine on purpose (the deployment server) is still right for that machine.
 *
 * @param compilerVersion {@link CompilerVersion#fingerprint()}
 * @param modelDigest identifies the source checkpoint
 * @param batchSize texts per call
 * @param sequenceLength tokens per text
 * @param threads compute threads
 * @param grid the variants timed, with the model's full shape
 */
public record LatencyKey(
        String compilerVersion, String modelDigest, int batchSize, int sequenceLength, int threads, LatencyGrid grid) {
    /** The key for the running compiler and the search's budgeted shape. */
    public static LatencyKey of(SearchSettings settings, String modelDigest, LatencyGrid grid) {
        return new LatencyKey(
                CompilerVersion.fingerprint(),
                modelDigest,
                settings.batchSize(),
                settings.sequenceLength(),
                settings.threads(),
                grid);
    }

    /**
     * The fields by name, as table files and probe bundles store them; the names of the shape and threads are
     * those {@link ProbeManifest} reads to time the bundle.
     */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("compilerVersion", compilerVersion);
        fields.put("modelDigest", modelDigest);
        fields.put(ProbeManifest.BATCH_SIZE, Integer.toString(batchSize));
        fields.put(ProbeManifest.SEQUENCE_LENGTH, Integer.toString(sequenceLength));
        fields.put(ProbeManifest.THREADS, Integer.toString(threads));
        fields.put("layers", Integer.toString(grid.shape().layers()));
        fields.put("heads", Integer.toString(grid.shape().heads()));
        fields.put("neurons", Integer.toString(grid.shape().neurons()));
        fields.put("gridHeads", joined(grid.heads()));
        fields.put("gridNeurons", joined(grid.neurons()));
        return fields;
    }

    private static String joined(List<Integer> counts) {
        return counts.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
}
