package io.github.espalier.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {
    @Test
    void noTargetMeansHost() {
        assertThat(Targets.validate(List.of())).containsExactly("host");
        assertThat(Targets.validate(null)).containsExactly("host");
    }

    @Test
    void namesAreNormalizedAndDeduplicatedInOrder() {
        assertThat(Targets.validate(List.of(" X86-64-V3", "host", "x86-64-v3", "x86-64")))
                .containsExactly("x86-64-v3", "host", "x86-64");
    }

    @Test
    void cudaFailsTheBuildInsteadOfShippingAJarThatCannotRun() {
        for (String cuda : List.of("cuda", "cuda:sm_90", "CUDA:sm_80")) {
            assertThatThrownBy(() -> Targets.validate(List.of("host", cuda)))
                    .isInstanceOf(CompilationException.class)
                    .hasMessageContaining("CUDA target is not supported yet by this build");
        }
    }

    @Test
    void unknownNamesListTheSupportedOnes() {
        assertThatThrownBy(() -> Targets.validate(List.of("arm64")))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("Unknown target 'arm64'")
                .hasMessageContaining("x86-64-v4");
    }
}
