package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.onnx.CheckpointImports;
import io.github.espalier.compiler.passes.Optimizer;
import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tools.LatencyTimer;
import io.github.espalier.runtime.tools.RoundRobinTiming;
import io.github.espalier.runtime.tools.Timing;
import io.github.espalier.runtime.tools.VariantLatency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyProfilerTest {
    private static final LatencyTimer QUICK = new LatencyTimer(Duration.ZERO, 3, Duration.ofSeconds(5));
    private static final SearchSettings SETTINGS = new SearchSettings(8, 2, 16, 2, 0.95, Duration.ofMinutes(1), 42);

    @Test
    void timesTheGridInRoundsAfterOneDiscardedWarmUpTiming() {
        LatencyGrid grid = LatencyGrid.of(new EncoderShape(2, 2, 256), List.of(1), 128);
        List<Architecture> built = new ArrayList<>();
        LatencyProfiler profiler = new LatencyProfiler(
                architecture -> {
                    built.add(architecture);
                    return TinyVariants.graph(architecture);
                },
                SETTINGS,
                QUICK);

        List<VariantLatency> latencies = profiler.measure(grid);

        List<Architecture> expected = new ArrayList<>(List.of(grid.variants().getFirst()));
        for (int round = 0; round < RoundRobinTiming.ROUNDS; round++) {
            expected.addAll(grid.variants());
        }
        assertThat(built)
                .as("the first is timed once more, first, for the JIT; then every variant once a round")
                .containsExactlyElementsOf(expected);
        assertThat(latencies.stream().map(VariantLatency::architecture))
                .containsExactlyElementsOf(
                        grid.variants().stream().map(Architecture::toString).toList());
        assertThat(latencies).allSatisfy(latency -> {
            assertThat(latency.timing().runs()).isEqualTo(3);
            assertThat(latency.timing().medianMs()).isPositive();
        });
    }

    @Test
    void timesAVariantInAlternationWithItsReferenceAndScalesTheRatioToTheReferencesLatency() {
        EncoderShape shape = new EncoderShape(2, 2, 256);
        Architecture reference = shape.full();
        Architecture variant = Architecture.parse("2h/128 2h/128");
        List<Architecture> built = new ArrayList<>();
        LatencyProfiler profiler = new LatencyProfiler(
                architecture -> {
                    built.add(architecture);
                    return TinyVariants.graph(architecture);
                },
                SETTINGS,
                QUICK);

        double ms = profiler.measureRelativeMs(variant, reference, 1000);

        List<Architecture> expected = new ArrayList<>(List.of(reference));
        for (int round = 0; round < RoundRobinTiming.ROUNDS; round++) {
            expected.addAll(List.of(reference, variant));
        }
        assertThat(built).containsExactlyElementsOf(expected);
        // A tiny model's own latency is a fraction of a millisecond: this is the ratio on the reference's scale.
        assertThat(ms).isBetween(100.0, 10_000.0);
    }

    @Test
    void timesTheRealMiniLmOnTheBudgetedShape(@TempDir Path folder) throws Exception {
        Graph miniLm = Optimizer.standard().optimize(CheckpointImports.importResource("all-minilm-l6-v2.onnx", folder));
        EncoderShape shape = new EncoderShape(6, 12, 1536);
        SearchSettings budget = new SearchSettings(8, 1, 128, 2, 0.95, Duration.ofMinutes(1), 42);
        LatencyProfiler profiler = new LatencyProfiler(architecture -> miniLm, budget, QUICK);

        Timing timing = profiler.time(shape.full());

        assertThat(timing.runs()).isEqualTo(3);
        assertThat(timing.p90Ms()).isGreaterThanOrEqualTo(timing.medianMs()).isPositive();
    }

    @Test
    void refusesAModelWhoseInputsAreNotTokens() {
        Graph images = new Graph(
                "images",
                List.of(new ValueSpec("pixels", DType.FLOAT, List.of(Dim.symbol("batch"), Dim.of(3)))),
                List.of(new ValueSpec("pixels", DType.FLOAT, List.of(Dim.symbol("batch"), Dim.of(3)))),
                List.of(),
                Map.of(),
                Map.of());
        LatencyProfiler profiler = new LatencyProfiler(architecture -> images, SETTINGS, QUICK);

        assertThatThrownBy(() -> profiler.measureMs(Architecture.parse("1h/64")))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("input 'pixels' is FLOAT [batch, 3]");
    }
}
