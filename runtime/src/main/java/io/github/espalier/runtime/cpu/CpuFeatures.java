package io.github.espalier.runtime.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What the running machine and JVM support, as far as kernel choice is concerned: the CPU's features
 * (read from the OS), and what the JVM will actually use (the Vector API module, its preferred vector
 * width, which -XX:UseAVX lowers).
 *
 * @param cpu the CPU's features (from /proc/cpuinfo on Linux, else from HotSpot's flags)
 * @param vectorApiAvailable whether {@code jdk.incubator.vector} is in the boot layer
 * @param preferredVectorBits the Vector API's preferred float species width (0 when unavailable)
 * @param jvmUseAvx HotSpot's {@code UseAVX} level, -1 when it cannot be read
 */
public record CpuFeatures(Set<CpuFeature> cpu, boolean vectorApiAvailable, int preferredVectorBits, int jvmUseAvx) {
    /** The JVM flag that turns the Vector API on, for messages. */
    public static final String VECTOR_FLAG = "--add-modules jdk.incubator.vector";

    private static final List<String> LEVELS = List.of("x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4");

    // Each x86-64 level includes the one below; only the features Espalier tracks are listed.
    private static final Set<CpuFeature> V2 = EnumSet.of(CpuFeature.SSE4_2);
    private static final Set<CpuFeature> V3 =
            EnumSet.of(CpuFeature.SSE4_2, CpuFeature.AVX, CpuFeature.AVX2, CpuFeature.FMA);
    private static final Set<CpuFeature> V4 = EnumSet.of(
            CpuFeature.SSE4_2,
            CpuFeature.AVX,
            CpuFeature.AVX2,
            CpuFeature.FMA,
            CpuFeature.AVX512F,
            CpuFeature.AVX512BW,
            CpuFeature.AVX512VL);

    public CpuFeatures {
        cpu = Set.copyOf(cpu);
    }

    /** Features without a readable HotSpot {@code UseAVX} value. */
    public CpuFeatures(Set<CpuFeature> cpu, boolean vectorApiAvailable, int preferredVectorBits) {
        this(cpu, vectorApiAvailable, preferredVectorBits, -1);
    }

    /** Detects the features of this machine and JVM once; later calls return the same instance. */
    public static CpuFeatures detect() {
        return Detected.INSTANCE;
    }

    /**
     * Whether Vector API kernels will be fast here: the module is on, vectors are >= 256 bits, the CPU has
     * FMA, and the JIT uses AVX2 or better (when that can be read). Without FMA hardware the Vector API's
     * {@code fma} falls back to per-lane Java and is orders of magnitude slower.
     */
    public boolean vectorKernelsPay() {
        return vectorApiAvailable
                && preferredVectorBits >= 256
                && cpu.contains(CpuFeature.FMA)
                && (jvmUseAvx < 0 || jvmUseAvx >= 2);
    }

    /** The kernel family to use: {@code vector-<bits>} or {@code scalar}. */
    public String kernelFamily() {
        return vectorKernelsPay() ? "vector-" + preferredVectorBits : "scalar";
    }

    /**
     * The best x86-64 micro-architecture level whose Espalier features this CPU has: {@code x86-64-v4}
     * (AVX-512 F/BW/VL), {@code x86-64-v3} (AVX, AVX2, FMA), {@code x86-64-v2} (SSE4.2) or {@code x86-64}.
     * Non-x86 machines report {@code x86-64}, the baseline whose pure-Java variant runs on any JVM.
     */
    public String targetLevel() {
        if (!cpu.containsAll(V2)) {
            return "x86-64";
        }
        if (!cpu.containsAll(V3)) {
            return "x86-64-v2";
        }
        return cpu.containsAll(V4) ? "x86-64-v4" : "x86-64-v3";
    }

    /**
     * Whether this CPU has every feature an x86-64 level target assumes ({@code x86-64}, {@code x86-64-v2},
     * {@code -v3}, {@code -v4}). Other targets (e.g. {@code cuda}) are not CPU targets: false.
     */
    public boolean supportsTarget(String target) {
        int wanted = LEVELS.indexOf(target);
        return wanted >= 0 && wanted <= LEVELS.indexOf(targetLevel());
    }

    /** A few human lines: CPU features, best target, JVM vector support and the kernels that will run. */
    public String describe() {
        StringJoiner features = new StringJoiner(" ");
        for (CpuFeature feature : CpuFeature.values()) {
            if (cpu.contains(feature)) {
                features.add(feature.name().toLowerCase(Locale.ROOT));
            }
        }
        String vector = vectorApiAvailable
                ? "Vector API on, preferred width " + preferredVectorBits + " bits"
                : "Vector API off (start the JVM with " + VECTOR_FLAG + " to enable it)";
        String jit = jvmUseAvx < 0 ? "UseAVX unknown" : "UseAVX=" + jvmUseAvx;
        return "CPU features: " + (cpu.isEmpty() ? "none detected" : features) + System.lineSeparator()
                + "Best target: " + targetLevel() + System.lineSeparator()
                + "JVM: " + vector + ", " + jit + System.lineSeparator()
                + "Kernels: " + kernelFamily();
    }

    private static CpuFeatures detectNow() {
        boolean vectorApi =
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        int bits = vectorApi ? VectorWidth.preferredBits() : 0;
        boolean flagsReadable = JvmFlags.available();
        int useAvx = flagsReadable ? JvmFlags.intFlag("UseAVX").orElse(-1) : -1;
        Set<CpuFeature> cpu = readProcCpuInfo();
        if (cpu.isEmpty() && flagsReadable) {
            cpu = fromJvmFlags(useAvx, JvmFlags.intFlag("UseSSE"), JvmFlags.booleanFlag("UseFMA"), bits);
        }
        return new CpuFeatures(cpu, vectorApi, bits, useAvx);
    }

    private static Set<CpuFeature> readProcCpuInfo() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Set.of();
        }
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("flags"))
                    .findFirst()
                    .map(CpuInfo::parseFlags)
                    .orElse(Set.of());
        } catch (IOException | UncheckedIOException e) {
            return Set.of();
        }
    }

    /**
     * What HotSpot's own CPU probe reveals, for systems without /proc/cpuinfo: the JIT caps UseAVX and
     * UseSSE at what the CPU supports, and sets UseFMA only when it exists.
     */
    static Set<CpuFeature> fromJvmFlags(int useAvx, OptionalInt useSse, boolean useFma, int preferredBits) {
        Set<CpuFeature> features = EnumSet.noneOf(CpuFeature.class);
        if (useSse.orElse(0) >= 4 || useAvx >= 1) {
            features.add(CpuFeature.SSE4_2);
        }
        if (useAvx >= 1) {
            features.add(CpuFeature.AVX);
        }
        if (useAvx >= 2) {
            features.add(CpuFeature.AVX2);
        }
        if (useFma) {
            features.add(CpuFeature.FMA);
        }
        if (useAvx >= 3 || (useAvx >= 0 && preferredBits >= 512)) {
            features.add(CpuFeature.AVX512F);
        }
        return features;
    }

    /** Lazy holder: detection runs once, on first use. */
    private static final class Detected {
        static final CpuFeatures INSTANCE = detectNow();
    }
}
