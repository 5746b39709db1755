package io.github.espalier.runtime.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CpuFeaturesTest {
    // Abridged from real /proc/cpuinfo texts; only the first "flags" line counts.
    private static final String ZEN4 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC 9R14 96-Core Processor
            flags\t\t: fpu vme de pse tsc msr sse sse2 ssse3 fma cx16 sse4_1 sse4_2 popcnt avx f16c avx2 bmi2 \
            avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16 avx512_vnni avx512_vbmi2
            bugs\t\t: sysret_ss_attrs
            processor\t: 1
            flags\t\t: fpu sse
            """;
    private static final String ZEN2_AVX2 = """
            model name\t: AMD EPYC 7R32
            flags\t\t: fpu sse sse2 ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand avx2 bmi2
            """;
    private static final String SAPPHIRE_RAPIDS = """
            flags\t\t: sse4_2 avx avx2 fma avx512f avx512bw avx512vl avx512_vnni amx_bf16 amx_tile amx_int8
            """;
    private static final String NEHALEM = """
            model name\t: Intel Core i7 9xx (Nehalem Class Core i7)
            flags\t\t: fpu sse sse2 ssse3 cx16 sse4_1 sse4_2 popcnt lahf_lm
            """;
    private static final String ARM = """
            processor\t: 0
            Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp
            CPU implementer\t: 0x41
            """;

    @Test
    void parsesTheFeaturesOfAnAvx512Machine() {
        assertThat(CpuInfo.parseFlags(ZEN4))
                .containsExactlyInAnyOrder(
                        CpuFeature.SSE4_2,
                        CpuFeature.AVX,
                        CpuFeature.AVX2,
                        CpuFeature.FMA,
                        CpuFeature.AVX512F,
                        CpuFeature.AVX512BW,
                        CpuFeature.AVX512VL,
                        CpuFeature.AVX512_VNNI);
        assertThat(CpuInfo.parseFlags(SAPPHIRE_RAPIDS)).contains(CpuFeature.AMX_TILE);
    }

    @Test
    void targetLevelFollowsTheFeatures() {
        assertThat(features(ZEN4).targetLevel()).isEqualTo("x86-64-v4");
        assertThat(features(ZEN2_AVX2).targetLevel()).isEqualTo("x86-64-v3");
        assertThat(features(NEHALEM).targetLevel()).isEqualTo("x86-64-v2");
        assertThat(features(ARM).targetLevel()).isEqualTo("x86-64");
        assertThat(new CpuFeatures(EnumSet.of(CpuFeature.SSE4_2, CpuFeature.AVX, CpuFeature.AVX2), true, 256)
                        .targetLevel())
                .as("AVX2 without FMA is not v3")
                .isEqualTo("x86-64-v2");
    }

    @Test
    void supportsTargetsUpToItsOwnLevel() {
        CpuFeatures avx2 = features(ZEN2_AVX2);
        assertThat(avx2.supportsTarget("x86-64")).isTrue();
        assertThat(avx2.supportsTarget("x86-64-v2")).isTrue();
        assertThat(avx2.supportsTarget("x86-64-v3")).isTrue();
        assertThat(avx2.supportsTarget("x86-64-v4")).isFalse();
        assertThat(features(ZEN4).supportsTarget("x86-64-v4")).isTrue();
        assertThat(features(NEHALEM).supportsTarget("x86-64-v3")).isFalse();
        assertThat(features(ZEN4).supportsTarget("cuda")).isFalse();
        assertThat(features(ZEN4).supportsTarget("nonsense")).isFalse();
    }

    @Test
    void vectorKernelsPayOnlyWithWideVectorsFmaAndAvx2InTheJit() {
        Set<CpuFeature> zen4 = CpuInfo.parseFlags(ZEN4);
        assertThat(new CpuFeatures(zen4, true, 512, 3).vectorKernelsPay()).isTrue();
        assertThat(new CpuFeatures(zen4, true, 512).vectorKernelsPay())
                .as("UseAVX unreadable")
                .isTrue();
        assertThat(new CpuFeatures(zen4, false, 0, 3).vectorKernelsPay())
                .as("module off")
                .isFalse();
        assertThat(new CpuFeatures(zen4, true, 128, 0).vectorKernelsPay())
                .as("-XX:UseAVX=0")
                .isFalse();
        assertThat(new CpuFeatures(zen4, true, 256, 1).vectorKernelsPay())
                .as("UseAVX=1")
                .isFalse();
        assertThat(new CpuFeatures(CpuInfo.parseFlags(NEHALEM), true, 128, 0).vectorKernelsPay())
                .isFalse();
        assertThat(new CpuFeatures(EnumSet.of(CpuFeature.AVX, CpuFeature.AVX2), true, 256, 2).vectorKernelsPay())
                .as("no FMA: Vector API fma falls back to Java")
                .isFalse();
    }

    @Test
    void kernelFamilyNamesTheVectorWidth() {
        Set<CpuFeature> zen4 = CpuInfo.parseFlags(ZEN4);
        assertThat(new CpuFeatures(zen4, true, 512, 3).kernelFamily()).isEqualTo("vector-512");
        assertThat(new CpuFeatures(zen4, true, 256, 2).kernelFamily()).isEqualTo("vector-256");
        assertThat(new CpuFeatures(zen4, false, 0, 3).kernelFamily()).isEqualTo("scalar");
    }

    @Test
    void describeTellsFeaturesTargetAndHowToEnableTheVectorApi() {
        String off = new CpuFeatures(CpuInfo.parseFlags(ZEN2_AVX2), false, 0, 2).describe();
        assertThat(off)
                .contains("avx2 fma")
                .contains("x86-64-v3")
                .contains("--add-modules jdk.incubator.vector")
                .contains("UseAVX=2")
                .contains("Kernels: scalar");
        assertThat(new CpuFeatures(Set.of(), true, 128).describe())
                .contains("none detected")
                .contains("UseAVX unknown");
    }

    @Test
    void jvmFlagsStandInWhenTheOsSaysNothing() {
        assertThat(CpuFeatures.fromJvmFlags(3, OptionalInt.of(4), true, 512))
                .containsExactlyInAnyOrder(
                        CpuFeature.SSE4_2, CpuFeature.AVX, CpuFeature.AVX2, CpuFeature.FMA, CpuFeature.AVX512F);
        assertThat(CpuFeatures.fromJvmFlags(0, OptionalInt.of(4), false, 128)).containsExactly(CpuFeature.SSE4_2);
        assertThat(CpuFeatures.fromJvmFlags(-1, OptionalInt.empty(), false, 128))
                .as("not an x86 JVM")
                .isEmpty();
    }

    @Test
    void detectIsCachedAndConsistentWithTheJvm() {
        CpuFeatures detected = CpuFeatures.detect();
        assertThat(CpuFeatures.detect()).isSameAs(detected);
        boolean moduleOn = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertThat(detected.vectorApiAvailable()).isEqualTo(moduleOn);
        assertThat(detected.preferredVectorBits()).isEqualTo(moduleOn ? detected.preferredVectorBits() : 0);
        if (moduleOn) {
            assertThat(detected.preferredVectorBits()).isIn(64, 128, 256, 512, 1024, 2048);
        }
    }

    @Test
    void readsTheCpuModelNameWhereTheOsGivesOne() {
        assertThat(CpuInfo.modelName(ZEN4)).contains("AMD EPYC 9R14 96-Core Processor");
        assertThat(CpuInfo.modelName(ARM)).isEmpty();
    }

    @Test
    void describesThisMachineByNamedFields() {
        MachineDescription machine = MachineDescription.detect();

        assertThat(machine.fields()).containsOnlyKeys("cpuModel", "cores", "cpuFeatures", "kernels", "jvm");
        assertThat(machine.fields())
                .containsEntry("kernels", CpuFeatures.detect().kernelFamily());
        assertThat(machine.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    private static CpuFeatures features(String cpuinfo) {
        return new CpuFeatures(CpuInfo.parseFlags(cpuinfo), true, 256);
    }
}
