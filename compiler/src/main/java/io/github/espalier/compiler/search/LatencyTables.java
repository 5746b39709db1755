package io.github.espalier.compiler.search;

import io.github.espalier.compiler.CompilationException;
import io.github.espalier.runtime.cpu.MachineDescription;
import io.github.espalier.runtime.tools.LatencyJsonWriter;
import io.github.espalier.runtime.tools.LatencyMeasurements;
import io.github.espalier.runtime.tools.VariantLatency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Where a search's {@link LatencyTable} comes from: a table the user measured on the deployment machine, or
 * one measured here and cached, since timing the grid takes about a minute. A cached table is reused only for
 * the same {@link LatencyKey} on the same machine ({@link MachineDescription}); a user's table must match the
 * key, but comes from another machine on purpose.
 */
public final class LatencyTables {
    private static final System.Logger LOG = System.getLogger(LatencyTables.class.getName());

    private LatencyTables() {}

    /**
     * The table cached in {@code cacheFile} if it was measured for {@code key} on this machine; otherwise the
     * table of the latencies {@code measure} returns, cached in {@code cacheFile} (written atomically) for the
     * next build.
     *
     * @param measure times the variants of {@code key}'s grid, e.g. {@link LatencyProfiler#measure}
     */
    public static LatencyTable loadOrMeasure(Path cacheFile, LatencyKey key, Supplier<List<VariantLatency>> measure) {
        Map<String, String> machine = MachineDescription.detect().fields();
        if (Files.exists(cacheFile)) {
            try {
                LatencyMeasurements cached = LatencyTableReader.read(cacheFile);
                List<String> changes = differences(cached.key(), key.fields());
                changes.addAll(differences(cached.machine(), machine));
                if (changes.isEmpty()) {
                    return LatencyFit.fit(key.grid(), cached.variants());
                }
                LOG.log(
                        System.Logger.Level.INFO,
                        "Measuring latencies again: the cached table " + cacheFile + " is for another build or"
                                + " machine (" + String.join("; ", changes) + ")");
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "Measuring latencies again: the cached table " + cacheFile + " cannot be used: "
                                + e.getMessage());
            }
        }
        List<VariantLatency> variants = measure.get();
        LatencyTable table = LatencyFit.fit(key.grid(), variants);
        try {
            LatencyJsonWriter.write(cacheFile, new LatencyMeasurements(key.fields(), machine, variants));
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Cannot cache the latency table in " + cacheFile + " (" + e + "); the next build measures again");
        }
        return table;
    }

    /**
     * A table the user measured with {@link io.github.espalier.runtime.tools.LatencyProbe}, usually on the
     * deployment machine: used whatever machine it names (a difference is logged), but it must have been
     * measured for {@code key}.
     *
     * @throws CompilationException if the file cannot be read or is not a latency table, or if it was measured
     *     for another model, compiler, shape, thread count or grid (naming each value in the table and here)
     */
    public static LatencyTable readGiven(Path tableFile, LatencyKey key) {
        LatencyMeasurements given;
        try {
            given = LatencyTableReader.read(tableFile);
        } catch (IOException | IllegalArgumentException e) {
            throw new CompilationException("latencyTable " + tableFile + " cannot be read: " + e.getMessage(), e);
        }
        List<String> mismatches = differences(given.key(), key.fields());
        if (!mismatches.isEmpty()) {
            throw new CompilationException("latencyTable " + tableFile + " was measured for another build: "
                    + String.join("; ", mismatches)
                    + ". Write a probe bundle with this build and run LatencyProbe on it again.");
        }
        List<String> otherMachine =
                differences(given.machine(), MachineDescription.detect().fields());
        if (!otherMachine.isEmpty()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "latencyTable " + tableFile + " was measured on another machine (" + String.join("; ", otherMachine)
                            + "); its latencies are used as they are");
        }
        try {
            return LatencyFit.fit(key.grid(), given.variants());
        } catch (IllegalArgumentException e) {
            throw new CompilationException("latencyTable " + tableFile + " is incomplete: " + e.getMessage(), e);
        }
    }

    /** One line per field whose value differs, e.g. {@code threads is 4 in the table but 2 here}. */
    static List<String> differences(Map<String, String> table, Map<String, String> here) {
        Set<String> names = new TreeSet<>(table.keySet());
        names.addAll(here.keySet());
        List<String> differences = new ArrayList<>();
        for (String name : names) {
            String inTable = table.get(name);
            String wanted = here.get(name);
            if (!Objects.equals(inTable, wanted)) {
                differences.add(name + " is " + shown(inTable) + " in the table but " + shown(wanted) + " here");
            }
        }
        return differences;
    }

    private static String shown(String value) {
        return value == null ? "absent" : "'" + value + "'";
    }
}
