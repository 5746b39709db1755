package io.github.espalier.runtime.exec.kernels;

import static io.github.espalier.runtime.exec.kernels.Kernels.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapeKernelsTest {
    private static final Tensor X = Tensor.allocate(DType.FLOAT, 2, 3, 4);

    @Test
    void shapeWithStartAndEnd() {
        assertThat(run("Shape", X).toLongArray()).containsExactly(2, 3, 4);
        assertThat(run("Shape", Map.of("start", 1L), X).toLongArray()).containsExactly(3, 4);
        assertThat(run("Shape", Map.of("start", -2L, "end", -1L), X).toLongArray())
                .containsExactly(3);
        assertThat(run("Shape", Map.of("start", 5L), X).elementCount()).isZero();
    }

    @Test
    void reshapeCopiesZerosAndInfersMinusOne() {
        assertThat(run("Reshape", X, longs(0, -1)).shape()).containsExactly(2, 12);
        assertThat(run("Reshape", X, longs(-1, 4)).shape()).containsExactly(6, 4);
        Tensor empty = Tensor.allocate(DType.FLOAT, 0, 3);
        assertThat(run("Reshape", Map.of("allowzero", 1L), empty, longs(3, 0)).shape())
                .containsExactly(3, 0);
        assertThatThrownBy(() -> run("Reshape", X, longs(5, -1)))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void reshapeSharesData() {
        Tensor x = floats(shape(2, 2), 1, 2, 3, 4);
        assertThat(run("Reshape", x, longs(4)).toFloatArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void unsqueezeFromAttributeOrInput() {
        Tensor x = Tensor.allocate(DType.FLOAT, 3, 4);
        assertThat(run("Unsqueeze", Map.of("axes", new long[] {1}, "opset", 11L), x)
                        .shape())
                .containsExactly(3, 1, 4);
        assertThat(run("Unsqueeze", x, longs(0, -1)).shape()).containsExactly(1, 3, 4, 1);
    }

    @Test
    void squeezeListedOrAllUnitAxes() {
        Tensor x = Tensor.allocate(DType.FLOAT, 1, 3, 1);
        assertThat(run("Squeeze", x).shape()).containsExactly(3);
        assertThat(run("Squeeze", x, longs(-1)).shape()).containsExactly(1, 3);
        assertThat(run("Squeeze", Map.of("axes", new long[] {0}), x).shape()).containsExactly(3, 1);
        assertThatThrownBy(() -> run("Squeeze", x, longs(1))).hasMessageContaining("not of size 1");
    }

    @Test
    void constantOfShapeFillsWithValue() {
        Tensor y = run("ConstantOfShape", Map.of("value", Tensor.ofLongs(new long[] {7}, 1)), longs(2, 2));
        assertThat(y.toLongArray()).containsExactly(7, 7, 7, 7);
        Tensor zeros = run("ConstantOfShape", longs(3));
        assertThat(zeros.toFloatArray()).containsExactly(0, 0, 0);
    }

    @Test
    void rangeOfIntegersAndFloats() {
        Tensor ints = run(
                "Range", Tensor.ofLongs(new long[] {1}), Tensor.ofLongs(new long[] {8}), Tensor.ofLongs(new long[] {3
                }));
        assertThat(ints.toLongArray()).containsExactly(1, 4, 7);
        Tensor down = run("Range", scalar(1), scalar(-1), scalar(-0.5f));
        assertThat(down.toFloatArray()).containsExactly(1, 0.5f, 0, -0.5f);
    }

    @Test
    void constantAttributes() {
        assertThat(run("Constant", Map.of("value_float", 2.5f)).toFloatArray()).containsExactly(2.5f);
        assertThat(run("Constant", Map.of("value_int", 4L)).toLongArray()).containsExactly(4);
        assertThat(run("Constant", Map.of("value_ints", new long[] {1, 2})).shape())
                .containsExactly(2);
        assertThat(run("Constant", Map.of("value_floats", new float[] {1, 2})).toFloatArray())
                .containsExactly(1, 2);
        Tensor value = floats(shape(1, 2), 3, 4);
        assertThat(run("Constant", Map.of("value", value))).isSameAs(value);
        assertThat(run("Identity", value)).isSameAs(value);
    }
}
