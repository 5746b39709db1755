package io.github.espalier.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ExecutorTest {
    private static final ComputePool POOL = ComputePool.create(1);

    /** y = Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1])): flattens x to [batch, -1]. */
    private static final Program FLATTEN = new Program(
            List.of(spec("x", DType.FLOAT)),
            List.of(spec("y", DType.FLOAT)),
            List.of("zero", "minusOne"),
            List.of(
                    op("shape", "Shape", List.of("x"), "s"),
                    op("gather", "Gather", List.of("s", "zero"), "batch", "axis", 0L),
                    op("unsqueeze", "Unsqueeze", List.of("batch"), "batch1", "axes", new long[] {0}, "opset", 11L),
                    op("concat", "Concat", List.of("batch1", "minusOne"), "target", "axis", 0L),
                    op("reshape", "Reshape", List.of("x", "target"), "y")));

    private static final Map<String, Tensor> FLATTEN_CONSTANTS =
            Map.of("zero", Tensor.ofLongs(new long[] {0}), "minusOne", Tensor.ofLongs(new long[] {-1}, 1));

    /** p = Softmax(a x b + bias), with the product also returned so it must outlive its last reader. */
    private static final Program ATTENTION = new Program(
            List.of(spec("a", DType.FLOAT), spec("b", DType.FLOAT)),
            List.of(spec("p", DType.FLOAT), spec("scores", DType.FLOAT)),
            List.of("bias"),
            List.of(
                    op("matmul", "MatMul", List.of("a", "b"), "scores"),
                    op("add", "Add", List.of("scores", "bias"), "biased"),
                    op("softmax", "Softmax", List.of("biased"), "p", "axis", -1L)));

    /** One encoder-like layer on the fused kernels: y = Gelu(Attention(LayerNorm(x·w + bias)) + x). */
    private static final int LAYER_ROWS = 128;

    private static final int LAYER_WIDTH = 384;

    private static final Program LAYER = new Program(
            List.of(spec("x", DType.FLOAT)),
            List.of(spec("y", DType.FLOAT)),
            List.of("w", "bias", "gamma", "beta"),
            List.of(
                    op("dense", "espalier.MatMulBias", List.of("x", "w", "bias"), "h"),
                    op("norm", "espalier.LayerNorm", List.of("h", "gamma", "beta"), "n", "epsilon", 1e-5f),
                    op("attention", "espalier.Attention", List.of("n", "n", "n"), "a", "num_heads", 4L, "scale", 0.1f),
                    op("residual", "Add", List.of("a", "x"), "r"),
                    op("gelu", "espalier.Gelu", List.of("r"), "y")));

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    @Test
    void runsShapeArithmeticProgram() {
        Executor executor = new Executor(FLATTEN, FLATTEN_CONSTANTS, POOL);
        Tensor x = Tensor.ofFloats(new float[24], 2, 3, 4);
        Map<String, Tensor> out = executor.run(Map.of("x", x));
        assertThat(out.keySet()).containsExactly("y");
        assertThat(out.get("y").shape()).containsExactly(2, 12);
    }

    @Test
    void releasesIntermediatesAfterLastUseButKeepsInputsConstantsAndOutputs() {
        Executor executor = new Executor(FLATTEN, FLATTEN_CONSTANTS, POOL);
        assertThat(executor.releasedAfter(0)).isEmpty();
        assertThat(executor.releasedAfter(1)).containsExactly("s");
        assertThat(executor.releasedAfter(2)).containsExactly("batch");
        assertThat(executor.releasedAfter(3)).containsExactly("batch1");
        assertThat(executor.releasedAfter(4)).containsExactlyInAnyOrder("x", "target");
        Executor attention = new Executor(ATTENTION, Map.of("bias", Tensor.ofFloats(new float[] {0, 1}, 2)), POOL);
        assertThat(attention.releasedAfter(0)).containsExactlyInAnyOrder("a", "b");
        assertThat(attention.releasedAfter(1)).as("scores is a program output").isEmpty();
        assertThat(attention.releasedAfter(2)).containsExactly("biased");
    }

    @Test
    void runsMatMulAddSoftmaxAndReturnsOutputsInOrder() {
        Executor executor = new Executor(ATTENTION, Map.of("bias", Tensor.ofFloats(new float[] {0, 1}, 2)), POOL);
        Tensor a = Tensor.ofFloats(new float[] {1, 2}, 1, 2);
        Tensor b = Tensor.ofFloats(new float[] {1, 0, 0, 1}, 2, 2);
        Map<String, Tensor> out = executor.run(Map.of("a", a, "b", b));
        assertThat(out.keySet()).containsExactly("p", "scores");
        assertThat(out.get("scores").toFloatArray()).containsExactly(1, 2);
        // softmax([1, 3]) = [1 / (1 + e^2), e^2 / (1 + e^2)]
        double e2 = Math.exp(2);
        assertThat(out.get("p").toFloatArray())
                .containsExactly(new float[] {(float) (1 / (1 + e2)), (float) (e2 / (1 + e2))}, within(1e-7f));
    }

    @Test
    void concurrentRunsDoNotInterfere() throws Exception {
        Executor executor = new Executor(FLATTEN, FLATTEN_CONSTANTS, POOL);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<long[]>> shapes = List.of(
                    threads.submit(() -> executor.run(Map.of("x", Tensor.allocate(DType.FLOAT, 3, 5)))
                            .get("y")
                            .shape()),
                    threads.submit(() -> executor.run(Map.of("x", Tensor.allocate(DType.FLOAT, 4, 2, 2)))
                            .get("y")
                            .shape()));
            assertThat(shapes.get(0).get()).containsExactly(3, 5);
            assertThat(shapes.get(1).get()).containsExactly(4, 4);
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void missingInputIsNamed() {
        Executor executor = new Executor(ATTENTION, Map.of("bias", Tensor.ofFloats(new float[] {0, 1}, 2)), POOL);
        assertThatThrownBy(() -> executor.run(Map.of("a", Tensor.allocate(DType.FLOAT, 1, 2))))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("'b'")
                .hasMessageContaining("[a, b]");
    }

    @Test
    void kernelErrorsNameTheInstruction() {
        Executor executor = new Executor(ATTENTION, Map.of("bias", Tensor.ofFloats(new float[] {0, 1}, 2)), POOL);
        Map<String, Tensor> inputs =
                Map.of("a", Tensor.allocate(DType.FLOAT, 1, 3), "b", Tensor.allocate(DType.FLOAT, 2, 2));
        assertThatThrownBy(() -> executor.run(inputs))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("'matmul' (MatMul)");
    }

    @Test
    void unknownOperatorsAndUndefinedValuesAreRejectedAtBind() {
        Program unknown = new Program(
                List.of(spec("x", DType.FLOAT)),
                List.of(spec("y", DType.FLOAT)),
                List.of(),
                List.of(op("mystery", "NoSuchOp", List.of("x"), "y")));
        assertThatThrownBy(() -> new Executor(unknown, Map.of(), POOL)).hasMessageContaining("NoSuchOp");
        Program dangling = new Program(
                List.of(spec("x", DType.FLOAT)),
                List.of(spec("y", DType.FLOAT)),
                List.of(),
                List.of(op("relu", "Relu", List.of("nowhere"), "y")));
        assertThatThrownBy(() -> new Executor(dangling, Map.of(), POOL)).hasMessageContaining("'nowhere'");
    }

    @Test
    void splitWithoutSizesUsesOutputCount() {
        Program split = new Program(
                List.of(spec("x", DType.FLOAT)),
                List.of(spec("l", DType.FLOAT), spec("r", DType.FLOAT)),
                List.of(),
                List.of(new Instruction("split", "Split", List.of("x"), List.of("l", "r"), Attributes.empty())));
        Map<String, Tensor> out =
                new Executor(split, Map.of(), POOL).run(Map.of("x", Tensor.ofFloats(new float[] {1, 2, 3, 4}, 4)));
        assertThat(out.get("l").toFloatArray()).containsExactly(1, 2);
        assertThat(out.get("r").toFloatArray()).containsExactly(3, 4);
    }

    @Test
    void recycledArraysGiveTheResultsOfNewOnesAndNeverTouchEarlierOutputsOrInputs() {
        Map<String, Tensor> constants = layerConstants();
        Executor executor = new Executor(LAYER, constants, POOL);
        Tensor first = layerInput(1, LAYER_ROWS);
        Tensor second = layerInput(2, LAYER_ROWS);
        Tensor shorter = layerInput(3, LAYER_ROWS / 2);
        float[] firstInput = first.toFloatArray();

        float[] firstOutput = executor.run(Map.of("x", first)).get("y").toFloatArray();
        Tensor kept = executor.run(Map.of("x", second)).get("y");
        float[] keptValues = kept.toFloatArray();
        Tensor shorterOutput = executor.run(Map.of("x", shorter)).get("y");
        float[] again = executor.run(Map.of("x", first)).get("y").toFloatArray();

        assertThat(again).as("the same input through reused arrays").containsExactly(firstOutput);
        assertThat(kept.toFloatArray()).as("an output of an earlier run").containsExactly(keptValues);
        assertThat(first.toFloatArray()).as("the caller's input").containsExactly(firstInput);
        assertThat(keptValues)
                .as("as a fresh executor computes it")
                .containsExactly(new Executor(LAYER, constants, POOL)
                        .run(Map.of("x", second))
                        .get("y")
                        .toFloatArray());
        assertThat(shorterOutput.toFloatArray())
                .containsExactly(new Executor(LAYER, constants, POOL)
                        .run(Map.of("x", shorter))
                        .get("y")
                        .toFloatArray());
    }

    @Test
    void aSteadyStateRunAllocatesOnlyItsOutput() {
        Executor executor = new Executor(LAYER, layerConstants(), POOL);
        Map<String, Tensor> inputs = Map.of("x", layerInput(1, LAYER_ROWS));
        executor.run(inputs);
        long firstRun = executor.arraysAllocated();
        executor.run(inputs);
        long before = executor.arraysAllocated();
        executor.run(inputs);
        assertThat(firstRun)
                .as("h and n; a takes h's array once LayerNorm has read it, r takes n's and y a's")
                .isEqualTo(2);
        assertThat(executor.arraysAllocated() - before)
                .as("one for y, whose array the caller keeps; the intermediates reuse freed arrays")
                .isOne();
    }

    @Test
    void smallFloatConstantsMoveToTheHeapOnceSoKernelsReadThemWithoutCopying() {
        Tensor bias = mapped(Executor.HEAP_CONSTANT_ELEMENTS, 0.5f);
        Tensor weights = mapped(Executor.HEAP_CONSTANT_ELEMENTS + 1, 0.25f);
        Tensor ids = Tensor.wrap(DType.INT64, new long[] {2}, Arena.ofAuto().allocate(16, 8));

        Tensor onHeap = Executor.onHeapIfSmall(bias);
        assertThat(onHeap.heapFloats()).as("a bias-sized constant").isNotNull();
        assertThat(onHeap.shape()).containsExactly(bias.shape());
        assertThat(onHeap.toFloatArray()).containsExactly(bias.toFloatArray());
        assertThat(Executor.onHeapIfSmall(weights))
                .as("a weight matrix stays mapped")
                .isSameAs(weights);
        assertThat(Executor.onHeapIfSmall(ids))
                .as("integer constants are not copied")
                .isSameAs(ids);
        assertThat(Executor.onHeapIfSmall(onHeap)).as("already on the heap").isSameAs(onHeap);
    }

    /** A FLOAT constant in native memory, as an artifact's mapped constants are. */
    private static Tensor mapped(long elements, float value) {
        MemorySegment segment = Arena.ofAuto().allocate(elements * Float.BYTES, 4);
        for (long i = 0; i < elements; i++) {
            segment.setAtIndex(ValueLayout.JAVA_FLOAT, i, value * i);
        }
        Tensor tensor = Tensor.wrap(DType.FLOAT, new long[] {elements}, segment);
        assertThat(tensor.heapFloats()).isNull();
        return tensor;
    }

    private static Map<String, Tensor> layerConstants() {
        Random random = new Random(7);
        return Map.of(
                "w", randomTensor(random, 0.05f, LAYER_WIDTH, LAYER_WIDTH),
                "bias", randomTensor(random, 0.1f, LAYER_WIDTH),
                "gamma", randomTensor(random, 1f, LAYER_WIDTH),
                "beta", randomTensor(random, 0.1f, LAYER_WIDTH));
    }

    private static Tensor layerInput(long seed, int rows) {
        return randomTensor(new Random(seed), 1f, 1, rows, LAYER_WIDTH);
    }

    private static Tensor randomTensor(Random random, float scale, long... shape) {
        float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * scale;
        }
        return Tensor.ofFloats(values, shape);
    }

    private static ValueSpec spec(String name, DType dtype) {
        return new ValueSpec(name, dtype, List.of(Dim.symbol("n")));
    }

    private static Instruction op(String name, String op, List<String> inputs, String output, Object... attributes) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            values.put((String) attributes[i], attributes[i + 1]);
        }
        return new Instruction(name, op, inputs, List.of(output), Attributes.of(values));
    }
}
