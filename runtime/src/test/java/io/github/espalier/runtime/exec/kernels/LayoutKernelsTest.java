package io.github.espalier.runtime.exec.kernels;

import static io.github.espalier.runtime.exec.kernels.Kernels.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayoutKernelsTest {
    /** x[i][j] = 10 * i + j, shape [2, 3]. */
    private static final Tensor X = floats(shape(2, 3), 0, 1, 2, 10, 11, 12);

    @Test
    void concatAlongFirstAndLastAxis() {
        Tensor rows = run("Concat", Map.of("axis", 0L), X, floats(shape(1, 3), 20, 21, 22));
        assertThat(rows.shape()).containsExactly(3, 3);
        assertThat(rows.toFloatArray()).containsExactly(0, 1, 2, 10, 11, 12, 20, 21, 22);
        Tensor columns = run("Concat", Map.of("axis", -1L), X, floats(shape(2, 1), 3, 13));
        assertThat(columns.toFloatArray()).containsExactly(0, 1, 2, 3, 10, 11, 12, 13);
        assertThat(run("Concat", Map.of("axis", 0L), longs(1), longs(2, 3)).toLongArray())
                .containsExactly(1, 2, 3);
    }

    @Test
    void gatherAxisZeroWithNegativeAndScalarIndices() {
        Tensor picked = run("Gather", X, longs(-1, 0));
        assertThat(picked.shape()).containsExactly(2, 3);
        assertThat(picked.toFloatArray()).containsExactly(10, 11, 12, 0, 1, 2);
        Tensor scalarIndex = run("Gather", longs(4, 5, 6), Tensor.ofLongs(new long[] {1}));
        assertThat(scalarIndex.rank()).isZero();
        assertThat(scalarIndex.toLongArray()).containsExactly(5);
    }

    @Test
    void gatherInnerAxisWithMatrixIndices() {
        Tensor y = run("Gather", Map.of("axis", 1L), X, Tensor.ofInts(new int[] {2, 0, 1, 1}, 2, 2));
        assertThat(y.shape()).containsExactly(2, 2, 2);
        assertThat(y.toFloatArray()).containsExactly(2, 0, 1, 1, 12, 10, 11, 11);
        assertThatThrownBy(() -> run("Gather", X, longs(2)))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void sliceWithAxesStepsAndClamping() {
        Tensor tail = run("Slice", X, longs(1), longs(Long.MAX_VALUE), longs(-1));
        assertThat(tail.toFloatArray()).containsExactly(1, 2, 11, 12);
        Tensor reversed = run("Slice", X, longs(-1), longs(Long.MIN_VALUE), longs(1), longs(-1));
        assertThat(reversed.toFloatArray()).containsExactly(2, 1, 0, 12, 11, 10);
        Tensor stepped = run("Slice", X, longs(1, 0), longs(2, 3), longs(0, 1), longs(1, 2));
        assertThat(stepped.shape()).containsExactly(1, 2);
        assertThat(stepped.toFloatArray()).containsExactly(10, 12);
        assertThat(run("Slice", X, longs(2), longs(1), longs(1)).shape()).containsExactly(2, 0);
    }

    /** all-MiniLM-L6-v2's exported graph passes its Slice ends as a [1, 1] tensor; ONNX Runtime accepts that. */
    @Test
    void sliceAcceptsListsShapedAsMatrices() {
        Tensor ends = Tensor.ofLongs(new long[] {2}, 1, 1);
        Tensor y = run("Slice", X, Tensor.ofLongs(new long[] {0}, 1, 1), ends, longs(1));
        assertThat(y.toFloatArray()).containsExactly(0, 1, 10, 11);
    }

    @Test
    void transposeMatchesIndexReference() {
        float[] values = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        Tensor x = floats(shape(2, 3, 4, 5), values);
        Tensor y = run("Transpose", Map.of("perm", new long[] {0, 2, 3, 1}), x);
        assertThat(y.shape()).containsExactly(2, 4, 5, 3);
        float[] actual = y.toFloatArray();
        int index = 0;
        for (int a = 0; a < 2; a++) {
            for (int c = 0; c < 4; c++) {
                for (int d = 0; d < 5; d++) {
                    for (int b = 0; b < 3; b++) {
                        assertThat(actual[index++]).isEqualTo(values[((a * 3 + b) * 4 + c) * 5 + d]);
                    }
                }
            }
        }
        assertThat(run("Transpose", X).toFloatArray()).containsExactly(0, 10, 1, 11, 2, 12);
    }

    @Test
    void expandBroadcastsToShape() {
        Tensor y = run("Expand", floats(shape(2, 1), 1, 2), longs(2, 1, 3));
        assertThat(y.shape()).containsExactly(2, 2, 3);
        assertThat(y.toFloatArray()).containsExactly(1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2);
    }

    @Test
    void splitBySizesAttributeAndEvenly() {
        Tensor[] bySizes = runAll("Split", Map.of("axis", 1L), X, longs(1, 2));
        assertThat(bySizes[0].toFloatArray()).containsExactly(0, 10);
        assertThat(bySizes[1].toFloatArray()).containsExactly(1, 2, 11, 12);
        Tensor[] byAttribute = runAll("Split", Map.of("axis", 0L, "split", new long[] {1, 1}), X);
        assertThat(byAttribute[1].toFloatArray()).containsExactly(10, 11, 12);
        Tensor[] uneven = runAll("Split", Map.of("axis", -1L, "num_outputs", 2L), X);
        assertThat(uneven[0].shape()).containsExactly(2, 2);
        assertThat(uneven[1].toFloatArray()).containsExactly(2, 12);
    }
}
