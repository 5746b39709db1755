package io.github.espalier.runtime.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The machine a latency was measured on, as far as it changes the latency: a latency measured on one CPU,
 * core count, kernel family or JVM says little about another.
 *
 * @param cpuModel the CPU's name, e.g. {@code AMD EPYC 7R32} (the architecture where the OS does not name it)
 * @param cores the processors the JVM may use
 * @param cpuFeatures the CPU features Espalier's kernels care about, e.g. {@code sse4_2 avx avx2 fma}
 * @param kernels the kernel family the runtime picks here, e.g. {@code vector-256}
 * @param jvm the JVM's name and version
 */
public record MachineDescription(String cpuModel, int cores, String cpuFeatures, String kernels, String jvm) {
    public static MachineDescription detect() {
        CpuFeatures features = CpuFeatures.detect();
        return new MachineDescription(
                readCpuModel(),
                Runtime.getRuntime().availableProcessors(),
                features.cpu().stream()
                        .sorted()
                        .map(feature -> feature.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(" ")),
                features.kernelFamily(),
                System.getProperty("java.vm.name") + " " + Runtime.version());
    }

    /** The fields by name, in declaration order, for files and for saying which of two machines differ. */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("cpuModel", cpuModel);
        fields.put("cores", Integer.toString(cores));
        fields.put("cpuFeatures", cpuFeatures);
        fields.put("kernels", kernels);
        fields.put("jvm", jvm);
        return fields;
    }

    private static String readCpuModel() {
        String architecture = System.getProperty("os.arch");
        try {
            return CpuInfo.modelName(Files.readString(Path.of("/proc/cpuinfo"))).orElse(architecture);
        } catch (IOException notLinux) {
            return architecture;
        }
    }
}
