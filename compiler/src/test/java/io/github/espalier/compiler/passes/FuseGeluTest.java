package io.github.espalier.compiler.passes;

import static io.github.espalier.compiler.passes.GraphBuilder.only;
import static io.github.espalier.compiler.passes.GraphBuilder.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuseGeluTest {
    private static final float SQRT2 = 1.4142135f;

    private enum HalfPlacement {
        ON_PRODUCT,
        ON_X,
        ON_ONE_PLUS_ERF
    }

    private static Graph gelu(boolean divide, HalfPlacement half, float halfValue, float one) {
        GraphBuilder g = new GraphBuilder();
        String x = g.node("Relu", g.input("in", 2, 4));
        String scaled = divide ? g.node("Div", x, g.constantNode(SQRT2)) : g.node("Mul", g.scalar(1 / SQRT2), x);
        String onePlusErf = g.node("Add", g.node("Erf", scaled), g.scalar(one));
        String y =
                switch (half) {
                    case ON_PRODUCT -> g.node("Mul", g.node("Mul", x, onePlusErf), g.scalar(halfValue));
                    case ON_X -> g.node("Mul", g.node("Mul", x, g.scalar(halfValue)), onePlusErf);
                    case ON_ONE_PLUS_ERF -> g.node("Mul", x, g.node("Mul", onePlusErf, g.scalar(halfValue)));
                };
        return g.build(g.node("Tanh", y));
    }

    @Test
    void fusesEveryPlacementOfTheHalfAndBothScalings() {
        for (HalfPlacement half : HalfPlacement.values()) {
            for (boolean divide : new boolean[] {true, false}) {
                Graph fused = new FuseGelu().apply(gelu(divide, half, 0.5f, 1f));
                assertThat(only(fused, FusedKernels.GELU).inputs())
                        .as("%s, divide=%s", half, divide)
                        .containsExactly(only(fused, "Relu").output(0));
                assertThat(opTypes(fused)).as("%s, divide=%s", half, divide).doesNotContain("Erf", "Mul", "Add");
            }
        }
    }

    @Test
    void leavesWrongConstantsAlone() {
        Graph wrongHalf = gelu(true, HalfPlacement.ON_PRODUCT, 0.4f, 1f);
        Graph wrongOne = gelu(true, HalfPlacement.ON_X, 0.5f, 2f);
        assertThat(new FuseGelu().apply(wrongHalf)).isEqualTo(wrongHalf);
        assertThat(new FuseGelu().apply(wrongOne)).isEqualTo(wrongOne);
    }

    @Test
    void mapsOnnxGeluButNotItsTanhApproximation() {
        GraphBuilder g = new GraphBuilder();
        String x = g.input("x", 4);
        String exact = g.node("Gelu", x);
        String approximate = g.node("Gelu", Map.of("approximate", "tanh"), exact);
        Graph fused = new FuseGelu().apply(g.build(approximate));
        assertThat(opTypes(fused)).containsExactly(FusedKernels.GELU, "Gelu");
    }
}
