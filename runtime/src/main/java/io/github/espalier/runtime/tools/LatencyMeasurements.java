package io.github.espalier.runtime.tools;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a latency table file holds: the variants' measured latencies, what they are valid for and where they
 * were measured. Written by {@link LatencyJsonWriter}, at build time or by {@link LatencyProbe}.
 *
 * @param key what the figures are valid for (model, compiler, input shape, threads...), by name
 * @param machine the machine they were measured on, by name (see {@link
 *     io.github.espalier.runtime.cpu.MachineDescription#fields()})
 * @param variants one entry per variant timed
 */
public record LatencyMeasurements(Map<String, String> key, Map<String, String> machine, List<VariantLatency> variants) {
    public LatencyMeasurements {
        key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
        machine = Collections.unmodifiableMap(new LinkedHashMap<>(machine));
        variants = List.copyOf(variants);
    }
}
