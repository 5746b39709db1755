package io.github.espalier.compiler.search;

import io.github.espalier.compiler.CompilerVersion;
import io.github.espalier.compiler.backend.java.LoadCheck;
import io.github.espalier.compiler.backend.java.ProgramArtifacts;
import io.github.espalier.compiler.backend.java.ProgramBuilder;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.model.ArtifactMetadata;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tools.ProbeManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Writes a latency probe bundle: the variants of a {@link LatencyGrid} compiled to artifacts, and a
 * {@link ProbeManifest} naming each with its architecture and the {@link LatencyKey}. Copied to the deployment
 * machine, {@link io.github.espalier.runtime.tools.LatencyProbe} times it there with only the runtime jar, and
 * the table it writes is the {@code latencyTable} that {@link LatencyTables#readGiven} accepts for this key.
 */
public final class ProbeBundle {
    private ProbeBundle() {}

    /**
     * @param variants builds the optimized graph of a variant, as for {@link LatencyProfiler}
     * @return the manifest written
     */
    public static ProbeManifest write(Path folder, LatencyKey key, Function<Architecture, Graph> variants)
            throws IOException {
        Files.createDirectories(folder);
        List<ProbeManifest.Variant> entries = new ArrayList<>();
        for (Architecture architecture : key.grid().variants()) {
            Graph graph = variants.apply(architecture);
            Program program = LoadCheck.verified(ProgramBuilder.build(graph), graph.initializers());
            String file = String.format(Locale.ROOT, "variant-%02d.esp", entries.size());
            ProgramArtifacts.writer(program, graph.initializers())
                    .metadata(ArtifactMetadata.MODEL_NAME, "latency probe variant " + architecture)
                    .metadata(ArtifactMetadata.COMPILER_VERSION, CompilerVersion.get())
                    .metadata(ArtifactMetadata.MODEL_DIGEST, key.modelDigest())
                    .writeTo(folder.resolve(file));
            entries.add(new ProbeManifest.Variant(file, architecture.toString()));
        }
        ProbeManifest manifest = new ProbeManifest(key.fields(), entries);
        manifest.write(folder);
        return manifest;
    }
}
