package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.compiler.CompilationException;
import io.github.espalier.runtime.cpu.MachineDescription;
import io.github.espalier.runtime.tools.LatencyJsonWriter;
import io.github.espalier.runtime.tools.LatencyMeasurements;
import io.github.espalier.runtime.tools.VariantLatency;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a cached table is reused or measured again, and what a user's table must match. */
class LatencyTablesTest {
    private static final LatencyGrid GRID = LatencyGrid.of(new EncoderShape(3, 2, 256), List.of(1), 128);
    private static final LatencyKey KEY = new LatencyKey("compiler-1", "digest-1", 1, 128, 2, GRID);

    @TempDir
    Path folder;

    /** Made-up latencies: each kept layer 1 ms a head plus 1 ms per 128 neurons, base 1 ms. */
    private static List<VariantLatency> latencies() {
        return latencies(GRID);
    }

    private static List<VariantLatency> latencies(LatencyGrid grid) {
        return LatencyFitTest.measured(
                grid,
                variant -> 1
                        + variant.layers().stream()
                                .mapToDouble(layer -> layer.heads() + layer.neurons() / 128.0)
                                .sum());
    }

    /** Counts how often a table had to be measured. */
    private static final class CountingMeasurement implements Supplier<List<VariantLatency>> {
        int calls;

        @Override
        public List<VariantLatency> get() {
            return of(GRID).get();
        }

        Supplier<List<VariantLatency>> of(LatencyGrid grid) {
            return () -> {
                calls++;
                return latencies(grid);
            };
        }
    }

    @Test
    void measuresOnceThenReusesTheCacheForTheSameKeyAndMachine() {
        Path cache = folder.resolve("latency.json");
        CountingMeasurement measurement = new CountingMeasurement();

        LatencyTable first = LatencyTables.loadOrMeasure(cache, KEY, measurement);
        LatencyTable second = LatencyTables.loadOrMeasure(cache, KEY, measurement);

        assertThat(measurement.calls).isEqualTo(1);
        assertThat(second).isEqualTo(first);
        assertThat(cache).isRegularFile();
        assertThat(folder).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void measuresAgainWhenAnythingInTheKeyChanges() {
        Path cache = folder.resolve("latency.json");
        CountingMeasurement measurement = new CountingMeasurement();
        List<LatencyKey> keys = List.of(
                KEY,
                new LatencyKey("compiler-2", "digest-1", 1, 128, 2, GRID),
                new LatencyKey("compiler-2", "digest-2", 1, 128, 2, GRID),
                new LatencyKey("compiler-2", "digest-2", 4, 128, 2, GRID),
                new LatencyKey("compiler-2", "digest-2", 4, 64, 2, GRID),
                new LatencyKey("compiler-2", "digest-2", 4, 64, 1, GRID),
                new LatencyKey("compiler-2", "digest-2", 4, 64, 1, LatencyGrid.of(GRID.shape(), List.of(1), 64)));

        keys.forEach(key -> LatencyTables.loadOrMeasure(cache, key, measurement.of(key.grid())));
        LatencyTables.loadOrMeasure(
                cache, keys.getLast(), measurement.of(keys.getLast().grid()));

        assertThat(measurement.calls).isEqualTo(keys.size());
    }

    @Test
    void measuresAgainOnAnotherMachine() throws Exception {
        Path cache = folder.resolve("latency.json");
        Map<String, String> otherMachine =
                new LinkedHashMap<>(MachineDescription.detect().fields());
        otherMachine.put("cores", "96");
        LatencyJsonWriter.write(cache, new LatencyMeasurements(KEY.fields(), otherMachine, latencies()));
        CountingMeasurement measurement = new CountingMeasurement();

        LatencyTables.loadOrMeasure(cache, KEY, measurement);

        assertThat(measurement.calls).isEqualTo(1);
        assertThat(Files.readString(cache)).doesNotContain("\"96\"");
    }

    @Test
    void measuresAgainOverACorruptCache() throws Exception {
        Path cache = folder.resolve("latency.json");
        Files.writeString(cache, "{\"format\": ");
        CountingMeasurement measurement = new CountingMeasurement();

        LatencyTables.loadOrMeasure(cache, KEY, measurement);

        assertThat(measurement.calls).isEqualTo(1);
        assertThat(LatencyTables.loadOrMeasure(cache, KEY, measurement)).isNotNull();
        assertThat(measurement.calls).isEqualTo(1);
    }

    @Test
    void usesAGivenTableFromAnotherMachineAsItIs() throws Exception {
        Path table = folder.resolve("server.json");
        LatencyJsonWriter.write(
                table, new LatencyMeasurements(KEY.fields(), Map.of("cpuModel", "the deployment server"), latencies()));

        assertThat(LatencyTables.readGiven(table, KEY))
                .isEqualTo(
                        LatencyTables.loadOrMeasure(folder.resolve("cache.json"), KEY, LatencyTablesTest::latencies));
    }

    @Test
    void refusesAGivenTableForAnotherBuildNamingBothValues() throws Exception {
        Path table = folder.resolve("server.json");
        LatencyKey other = new LatencyKey("compiler-1", "digest-2", 1, 128, 4, GRID);
        LatencyJsonWriter.write(table, new LatencyMeasurements(other.fields(), Map.of(), latencies()));

        assertThatThrownBy(() -> LatencyTables.readGiven(table, KEY))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("latencyTable " + table + " was measured for another build")
                .hasMessageContaining("modelDigest is 'digest-2' in the table but 'digest-1' here")
                .hasMessageContaining("threads is '4' in the table but '2' here")
                .hasMessageNotContaining("compilerVersion");
    }

    @Test
    void refusesAGivenTableItCannotRead() throws Exception {
        Path missing = folder.resolve("missing.json");
        Path notJson = Files.writeString(folder.resolve("table.json"), "median: 7 ms");
        Path otherJson = Files.writeString(folder.resolve("other.json"), "{\"format\": \"something else\"}");

        assertThatThrownBy(() -> LatencyTables.readGiven(missing, KEY))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("latencyTable " + missing + " cannot be read");
        assertThatThrownBy(() -> LatencyTables.readGiven(notJson, KEY))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("latencyTable " + notJson + " cannot be read");
        assertThatThrownBy(() -> LatencyTables.readGiven(otherJson, KEY))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("it is not an Espalier latency table: format is 'something else'");
    }

    @Test
    void refusesAGivenTableWithoutEveryGridVariant() throws Exception {
        Path table = folder.resolve("server.json");
        LatencyJsonWriter.write(
                table,
                new LatencyMeasurements(KEY.fields(), Map.of(), latencies().subList(0, 2)));

        assertThatThrownBy(() -> LatencyTables.readGiven(table, KEY))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("latencyTable " + table + " is incomplete")
                .hasMessageContaining("No latency was measured for the grid variant");
    }
}
