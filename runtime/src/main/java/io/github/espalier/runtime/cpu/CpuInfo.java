package io.github.espalier.runtime.cpu;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads the features and the name Espalier cares about from the text of Linux's {@code /proc/cpuinfo}. */
final class CpuInfo {
    private CpuInfo() {}

    /** The features listed on the first {@code flags} line (x86); empty if there is none (e.g. ARM). */
    static Set<CpuFeature> parseFlags(String cpuinfo) {
        Set<CpuFeature> features = EnumSet.noneOf(CpuFeature.class);
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals("flags")) {
                for (String flag : line.substring(colon + 1).strip().split("\\s+")) {
                    featureOf(flag).ifPresent(features::add);
                }
                break;
            }
        }
        return features;
    }

    /** The CPU's marketing name from the first {@code model name} line (x86); empty if there is none. */
    static Optional<String> modelName(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals("model name")) {
                return Optional.of(line.substring(colon + 1).strip());
            }
        }
        return Optional.empty();
    }

    private static Optional<CpuFeature> featureOf(String flag) {
        try {
            return Optional.of(CpuFeature.valueOf(flag.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException notTracked) {
            return Optional.empty();
        }
    }
}
