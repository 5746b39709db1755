package io.github.espalier.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.LayerShape;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class DistillMojoTest {
    @Test
    void readsAnArchitectureLayerByLayer() throws Exception {
        Architecture architecture = DistillMojo.architecture(" 12h/1536 dropped\n 8h/768 ");

        assertThat(architecture.layers())
                .containsExactly(new LayerShape(12, 1536), LayerShape.DROPPED, new LayerShape(8, 768));
        assertThat(DistillMojo.architecture(DistillMojo.EXAMPLE_ARCHITECTURE).keptLayers())
                .isEqualTo(4);
    }

    @Test
    void namesTheParameterAndAnExampleWhenTheTextIsNoArchitecture() {
        assertThatThrownBy(() -> DistillMojo.architecture("12h/1536 twelve"))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<architecture> '12h/1536 twelve' is not an architecture")
                .hasMessageContaining("'twelve' is not a layer shape")
                .hasMessageEndingWith("e.g. " + DistillMojo.EXAMPLE_ARCHITECTURE);
        assertThatThrownBy(() -> DistillMojo.architecture("dropped dropped"))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("keeps at least one layer");
        assertThatThrownBy(() -> DistillMojo.architecture(""))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<architecture> is empty");
    }
}
