package io.github.espalier.runtime.exec.kernels;

import static io.github.espalier.runtime.exec.kernels.Kernels.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryKernelsTest {
    @Test
    void addBroadcastsRowAgainstMatrix() {
        Tensor y = run("Add", floats(shape(2, 3), 1, 2, 3, 4, 5, 6), floats(shape(3), 10, 20, 30));
        assertThat(y.shape()).containsExactly(2, 3);
        assertThat(y.toFloatArray()).containsExactly(11, 22, 33, 14, 25, 36);
    }

    @Test
    void subBroadcastsBothWays() {
        Tensor y = run("Sub", floats(shape(2, 1), 10, 20), floats(shape(1, 3), 1, 2, 3));
        assertThat(y.shape()).containsExactly(2, 3);
        assertThat(y.toFloatArray()).containsExactly(9, 8, 7, 19, 18, 17);
    }

    @Test
    void mulWithScalarAndDivByScalar() {
        assertThat(run("Mul", floats(shape(3), 1, 2, 3), scalar(2)).toFloatArray())
                .containsExactly(2, 4, 6);
        assertThat(run("Div", scalar(1), floats(shape(2), 2, 4)).toFloatArray()).containsExactly(0.5f, 0.25f);
    }

    /** Random shapes with broadcast axes against a reference that maps every output coordinate by hand. */
    @Test
    void broadcastingMatchesCoordinateReference() {
        Random random = new Random(7);
        long[][][] cases = {
            {{2, 3, 4}, {3, 1}}, {{1, 3, 1}, {2, 1, 4}}, {{4}, {2, 3, 4}}, {{2, 1, 3, 1}, {1, 5, 1, 2}}, {{}, {3, 2}}
        };
        for (long[][] shapes : cases) {
            float[] a = random(random, (int) TensorData.product(shapes[0], 0, shapes[0].length));
            float[] b = random(random, (int) TensorData.product(shapes[1], 0, shapes[1].length));
            Tensor y = run("Mul", floats(shapes[0], a), floats(shapes[1], b));
            long[] out = y.shape();
            float[] actual = y.toFloatArray();
            for (int i = 0; i < actual.length; i++) {
                long[] coordinate = coordinate(i, out);
                float expected = a[flatIndex(coordinate, shapes[0])] * b[flatIndex(coordinate, shapes[1])];
                assertThat(actual[i]).isEqualTo(expected);
            }
        }
    }

    @Test
    void integerArithmeticKeepsType() {
        Tensor y = run("Add", longs(1, 2, 3), Tensor.ofLongs(new long[] {10}));
        assertThat(y.toLongArray()).containsExactly(11, 12, 13);
        Tensor q = run("Div", Tensor.ofInts(new int[] {7, -7}, 2), Tensor.ofInts(new int[] {2}, 1));
        assertThat(toInts(q)).containsExactly(3, -3);
    }

    @Test
    void powAcceptsIntegerExponent() {
        Tensor y = run("Pow", floats(shape(3), 1, 2, -3), Tensor.ofLongs(new long[] {2}));
        assertThat(y.toFloatArray()).containsExactly(1, 4, 9);
    }

    @Test
    void comparisonsGiveBooleans() {
        Tensor a = floats(shape(3), 1, 2, 3);
        Tensor b = scalar(2);
        assertThat(toBytes(run("Equal", a, b))).containsExactly(0, 1, 0);
        assertThat(toBytes(run("Less", a, b))).containsExactly(1, 0, 0);
        assertThat(toBytes(run("Greater", a, b))).containsExactly(0, 0, 1);
        assertThat(toBytes(run("Equal", longs(5, 6), longs(5, 7)))).containsExactly(1, 0);
    }

    @Test
    void whereSelectsWithBroadcastCondition() {
        Tensor condition = bools(shape(1, 3), 1, 0, 1);
        Tensor y = run("Where", condition, floats(shape(2, 3), 1, 2, 3, 4, 5, 6), scalar(-1));
        assertThat(y.toFloatArray()).containsExactly(1, -1, 3, 4, -1, 6);
        Tensor z = run("Where", bools(shape(2), 0, 1), longs(1, 2), longs(8, 9));
        assertThat(z.toLongArray()).containsExactly(8, 2);
    }

    @Test
    void incompatibleShapesAreReported() {
        assertThatThrownBy(() -> run("Add", floats(shape(2), 1, 2), floats(shape(3), 1, 2, 3)))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("cannot be broadcast");
    }

    private static long[] coordinate(int index, long[] shape) {
        long[] c = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            c[d] = index % shape[d];
            index /= (int) shape[d];
        }
        return c;
    }

    private static int flatIndex(long[] coordinate, long[] shape) {
        int offset = coordinate.length - shape.length;
        int index = 0;
        for (int d = 0; d < shape.length; d++) {
            index = index * (int) shape[d] + (int) (shape[d] == 1 ? 0 : coordinate[offset + d]);
        }
        return index;
    }
}
