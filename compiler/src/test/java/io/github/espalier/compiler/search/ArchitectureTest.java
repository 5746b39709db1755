package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void readsBackWhatItWrites() {
        Architecture architecture =
                new Architecture(List.of(new LayerShape(12, 1536), LayerShape.DROPPED, new LayerShape(8, 768)));

        assertThat(Architecture.parse(architecture.toString())).isEqualTo(architecture);
        assertThat(Architecture.parse(" 1h/64  dropped ")).isEqualTo(Architecture.parse("1h/64 dropped"));
    }

    @Test
    void comparesWhichLayersAreDroppedWhateverTheKeptOnesKeep() {
        Architecture architecture = Architecture.parse("12h/1536 dropped 8h/768");

        assertThat(architecture.dropsTheSameLayersAs(Architecture.parse("1h/128 dropped 12h/1536")))
                .isTrue();
        assertThat(architecture.dropsTheSameLayersAs(Architecture.parse("12h/1536 8h/768 dropped")))
                .isFalse();
        assertThat(architecture.dropsTheSameLayersAs(Architecture.parse("12h/1536 dropped")))
                .isFalse();
    }

    @Test
    void namesTheTextThatIsNoLayerShape() {
        assertThatThrownBy(() -> Architecture.parse("12h/1536 12x/1536"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'12x/1536' is not a layer shape");
        assertThatThrownBy(() -> LayerShape.parse("h/12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'h/12'");
    }
}
