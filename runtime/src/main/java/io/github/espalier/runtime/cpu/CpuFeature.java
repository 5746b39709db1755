package io.github.espalier.runtime.cpu;

/** The CPU features that decide which compiled variant and which kernels a machine can run. */
public enum CpuFeature {
    SSE4_2,
    AVX,
    AVX2,
    FMA,
    AVX512F,
    AVX512BW,
    AVX512VL,
    AVX512_VNNI,
    AMX_TILE
}
