package io.github.espalier.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TensorArenaTest {
    @Test
    void aReleasedArrayServesTheNextOutputOfTheSameTypeAndLength() {
        TensorArena arena = TensorArena.recycling();
        Tensor first = arena.output(DType.FLOAT, 2, 3);
        arena.hold(first);
        arena.release(first);
        Tensor sameLength = arena.output(DType.FLOAT, 3, 2);
        assertThat(sameLength.heapFloats()).isSameAs(first.heapFloats());
        assertThat(sameLength.shape()).containsExactly(3, 2);
        assertThat(arena.output(DType.FLOAT, 2, 3).heapFloats())
                .as("the free array was taken already")
                .isNotSameAs(first.heapFloats());
    }

    @Test
    void otherTypesAndLengthsGetTheirOwnArrays() {
        TensorArena arena = TensorArena.recycling();
        Tensor floats = arena.output(DType.FLOAT, 6);
        arena.hold(floats);
        arena.release(floats);
        assertThat(arena.output(DType.FLOAT, 7).heapFloats()).isNotSameAs(floats.heapFloats());
        assertThat(arena.output(DType.INT32, 6).data().heapBase().orElseThrow()).isInstanceOf(int[].class);
        assertThat(arena.output(DType.FLOAT, 6).heapFloats()).isSameAs(floats.heapFloats());
    }

    @Test
    void anArrayIsFreeOnlyOnceEveryValueHoldingItIsReleased() {
        TensorArena arena = TensorArena.recycling();
        Tensor matrix = arena.output(DType.FLOAT, 2, 3);
        Tensor view = matrix.reshape(6);
        arena.hold(matrix);
        arena.hold(view);
        arena.release(matrix);
        assertThat(arena.output(DType.FLOAT, 6).heapFloats())
                .as("the view still holds the array")
                .isNotSameAs(matrix.heapFloats());
        arena.release(view);
        assertThat(arena.output(DType.FLOAT, 6).heapFloats()).isSameAs(matrix.heapFloats());
    }

    @Test
    void arraysItDidNotIssueAreNeverReused() {
        TensorArena arena = TensorArena.recycling();
        Tensor input = Tensor.ofFloats(new float[6], 6);
        arena.hold(input);
        arena.release(input);
        assertThat(arena.output(DType.FLOAT, 6).heapFloats()).isNotSameAs(input.heapFloats());
        assertThat(arena.freeArrays()).isZero();
    }

    @Test
    void whatARunStillHoldsAtItsEndIsTheCallersForGood() {
        TensorArena arena = TensorArena.recycling();
        Tensor output = arena.output(DType.FLOAT, 4);
        arena.hold(output);
        arena.endRun();
        arena.release(output);
        assertThat(arena.freeArrays()).isZero();
        assertThat(arena.output(DType.FLOAT, 4).heapFloats()).isNotSameAs(output.heapFloats());
    }

    @Test
    void freeArraysTheNextRunDoesNotUseAreDropped() {
        TensorArena arena = TensorArena.recycling();
        Tensor small = arena.output(DType.FLOAT, 4);
        arena.hold(small);
        arena.release(small);
        arena.endRun();
        assertThat(arena.freeArrays()).as("kept for the next run").isOne();

        Tensor other = arena.output(DType.FLOAT, 8);
        arena.hold(other);
        arena.release(other);
        arena.endRun();
        assertThat(arena.freeArrays()).as("only what this run freed").isOne();
        assertThat(arena.output(DType.FLOAT, 8).heapFloats()).isSameAs(other.heapFloats());
    }

    @Test
    void recycledScratchServesTheNextOutputButAHeldTensorIsNotRecycled() {
        TensorArena arena = TensorArena.recycling();
        Tensor scratch = arena.output(DType.FLOAT, 5);
        arena.recycle(scratch);
        Tensor output = arena.output(DType.FLOAT, 5);
        assertThat(output.heapFloats()).isSameAs(scratch.heapFloats());
        arena.hold(output);
        arena.recycle(output);
        assertThat(arena.freeArrays()).as("a value holds it").isZero();
        arena.recycle(null);
    }

    @Test
    void anAllocatingArenaAlwaysGivesNewZeroedArrays() {
        TensorArena arena = TensorArena.allocating();
        Tensor first = arena.output(DType.FLOAT, 3);
        first.heapFloats()[0] = 5;
        arena.hold(first);
        arena.release(first);
        Tensor second = arena.output(DType.FLOAT, 3);
        assertThat(second.heapFloats()).isNotSameAs(first.heapFloats()).containsOnly(0f);
    }
}
