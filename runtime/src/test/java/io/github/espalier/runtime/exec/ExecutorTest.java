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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
