package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.cpu.MachineDescription;
import io.github.espalier.runtime.tools.LatencyJsonWriter;
import io.github.espalier.runtime.tools.LatencyMeasurements;
import io.github.espalier.runtime.tools.LatencyProbe;
import io.github.espalier.runtime.tools.LatencyTimer;
import io.github.espalier.runtime.tools.ProbeManifest;
import io.github.espalier.runtime.tools.RoundRobinTiming;
import io.github.espalier.runtime.tools.VariantLatency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle written here, timed by the runtime's probe as on a deployment machine, read back as a table. */
class ProbeBundleTest {
    private static final LatencyTimer QUICK = new LatencyTimer(Duration.ZERO, 3, Duration.ofSeconds(5));

    @Test
    void theProbesTableIsTheOneTheBuildAccepts(@TempDir Path folder) throws Exception {
        LatencyGrid grid = LatencyGrid.of(new EncoderShape(3, 2, 256), List.of(1), 128);
        LatencyKey key = new LatencyKey("compiler-1", "digest-1", 2, 16, 2, grid);
        Path bundle = folder.resolve("bundle");

        ProbeManifest manifest = ProbeBundle.write(bundle, key, TinyVariants::graph);
        List<String> progress = new ArrayList<>();
        LatencyMeasurements measured = LatencyProbe.measure(bundle, QUICK, progress::add);
        Path tableFile = folder.resolve("table.json");
        LatencyJsonWriter.write(tableFile, measured);

        assertThat(manifest).isEqualTo(ProbeManifest.read(bundle));
        assertThat(bundle.resolve(manifest.variants().getFirst().artifact())).isRegularFile();
        assertThat(measured.key()).isEqualTo(key.fields());
        assertThat(measured.machine()).isEqualTo(MachineDescription.detect().fields());
        assertThat(measured.variants().stream().map(VariantLatency::architecture))
                .containsExactlyElementsOf(
                        grid.variants().stream().map(Architecture::toString).toList());
        assertThat(measured.variants())
                .allSatisfy(variant -> assertThat(variant.timing().runs()).isEqualTo(3));
        assertThat(progress).hasSize(RoundRobinTiming.ROUNDS * grid.variants().size());
        LatencyTable table = LatencyTables.readGiven(tableFile, key);
        assertThat(table.attentionMsByHeads().keySet()).containsExactly(1, 2);
        assertThat(table.ffnMsByNeurons().keySet()).containsExactly(128, 256);
    }
}
