package io.github.espalier.benchmarks;

import io.github.espalier.compiler.CompileRequest;
import io.github.espalier.compiler.search.Fidelity;
import io.github.espalier.compiler.search.LatencyBudget;
import io.github.espalier.compiler.search.ModelSearch;
import io.github.espalier.compiler.search.SearchException;
import io.github.espalier.compiler.search.SearchRequest;
import io.github.espalier.compiler.search.SearchSettings;
import io.github.espalier.runtime.model.CompiledModel;
import io.github.espalier.runtime.model.ModelOptions;
import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The search's acceptance run (docs/search.md): ONNX Runtime's fp32 MiniLM latency at batch 1 x 128 tokens,
 * then one search per budget given as a fraction of it, each chosen variant timed in alternation with ORT
 * afterwards, with its held-out fidelity. Writes {@code search.md} into the output folder.
 */
public final class SearchBenchmark {
    private static final Shape SHAPE = new Shape(1, 128);
    /**
     * Side-by-side timings of the unpruned models: the round where ONNX Runtime ran fastest sets the budgets, as
     * shares of our unpruned model's latency in that round.
     */
    private static final int REFERENCE_TIMINGS = 4;

    private SearchBenchmark() {}

    /** One budget's outcome. */
    private record Row(
            String fraction, double budgetMs, String variant, SideBySide timed, Fidelity heldOut, double seconds) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkMain.options(args);
        int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "3"));
        Duration searchTime = BenchmarkMain.duration(options.getOrDefault("search-time", "10m"));
        Path out = Path.of(options.getOrDefault("out", "target/search-benchmark"));
        Files.createDirectories(out);
        Path model = Resources.copy("/all-minilm-l6-v2.onnx", out);
        Path tokenizer = Resources.copy("/all-minilm-l6-v2-tokenizer.json", out);
        Shape.TokenBatch batch = SHAPE.inputs(42);

        // ORT stays loaded, for timing each chosen variant beside it after its search.
        try (OnnxRuntimeEngine ort = OnnxRuntimeEngine.load(Precision.FP32, threads)) {
            SideBySide unpruned;
            try (EspalierEngine ours = EspalierEngine.load(Precision.FP32, threads)) {
                unpruned = fastestReference(ours, ort, batch, seconds);
            }
            double ortMs = unpruned.onnxRuntime().medianMillis();
            double unprunedMs = unpruned.ours().medianMillis();
            System.out.printf(Locale.ROOT, "ONNX Runtime %.2f ms, ours unpruned %.2f ms%n", ortMs, unprunedMs);

            List<Row> rows = new ArrayList<>();
            for (String fraction : options.getOrDefault("fractions", "1/2,1/3").split(",")) {
                String[] parts = fraction.split("/");
                double budgetMs = ortMs * Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
                // The search times each variant against our unpruned model and puts it on its latency table's
                // scale, whose figure for the unpruned model differs from the one timed beside ORT here (18.54
                // against 18.71 ms in run 9, which read 0.337x ORT after the search). As a share of the
                // unpruned model, timed in the same round as ORT, the budget holds on either scale.
                LatencyBudget budget = new LatencyBudget(100 * budgetMs / unprunedMs, true);
                Path folder = out.resolve("budget-" + fraction.replace('/', '-'));
                SearchRequest request = new SearchRequest(
                        new CompileRequest(
                                model,
                                tokenizer,
                                "io.github.espalier.benchmarks.Pruned",
                                List.of("host"),
                                Pooling.MEAN,
                                true,
                                256,
                                folder.resolve("sources"),
                                folder.resolve("resources")),
                        budget,
                        new SearchSettings(Double.NaN, SHAPE.batch(), SHAPE.tokens(), threads, 0, searchTime, 42),
                        null,
                        null,
                        SearchRequest.TextCounts.DEFAULT,
                        folder.resolve("report"),
                        out.resolve("cache"),
                        Boolean.parseBoolean(options.getOrDefault("distill", "true")),
                        SearchRequest.DEFAULT_TRAINING_TEXTS);
                long start = System.nanoTime();
                try {
                    ModelSearch.Result result = new ModelSearch().search(request, System.out::println);
                    double searchSeconds = (System.nanoTime() - start) / 1e9;
                    rows.add(new Row(
                            fraction,
                            budgetMs,
                            result.report().chosen().architecture().toString(),
                            timeBeside(ort, result.compiledFiles().getFirst(), threads, batch, seconds),
                            result.report().heldOut(),
                            searchSeconds));
                } catch (SearchException e) {
                    System.out.println(e.getMessage());
                    rows.add(new Row(
                            fraction,
                            budgetMs,
                            "none: " + e.getMessage(),
                            null,
                            null,
                            (System.nanoTime() - start) / 1e9));
                }
            }
            String table = table(ortMs, unprunedMs, threads, rows);
            Files.writeString(out.resolve("search.md"), table);
            System.out.println(table);
        }
    }

    /**
     * The budget's ORT latency, timed the way each chosen variant is (in alternate rounds with our engine), at
     * its fastest of several timings: after loading, ORT read 24.4-24.9 ms, even after a minute of it alone,
     * and 19.6 ms after 18 s more, where the rounds beside the chosen variants read 17.6-18.6 ms, our engine
     * steady meanwhile. A budget taken from a slow reading lets the search choose variants over it; one taken
     * from ORT's fastest can only be stricter.
     */
    private static SideBySide fastestReference(Engine ours, Engine ort, Shape.TokenBatch batch, double seconds)
            throws Exception {
        SideBySide fastest = null;
        for (int timing = 0; timing < REFERENCE_TIMINGS; timing++) {
            SideBySide timed = SideBySide.measure(ours, ort, batch, seconds);
            System.out.printf(
                    Locale.ROOT,
                    "Reference timing %d: ONNX Runtime %.2f ms, ours unpruned %.2f ms%n",
                    timing + 1,
                    timed.onnxRuntime().medianMillis(),
                    timed.ours().medianMillis());
            if (fastest == null
                    || timed.onnxRuntime().medianMillis()
                            < fastest.onnxRuntime().medianMillis()) {
                fastest = timed;
            }
        }
        return fastest;
    }

    /**
     * The compiled variant beside ONNX Runtime: the budget is a share of ORT's latency, and a freshly loaded
     * variant runs slowly until the JIT has compiled its shapes, which the first round absorbs.
     */
    private static SideBySide timeBeside(Engine ort, Path artifact, int threads, Shape.TokenBatch batch, double seconds)
            throws Exception {
        try (CompiledModel model =
                CompiledModel.open(artifact, ModelOptions.defaults().withThreads(threads))) {
            Map<String, Tensor> inputs = Map.of(
                    "input_ids", tensor(batch.ids()),
                    "attention_mask", tensor(batch.mask()),
                    "token_type_ids", tensor(batch.types()));
            Engine ours = new Engine() {
                @Override
                public void run(Shape.TokenBatch ignored) {
                    model.run(inputs);
                }

                @Override
                public void close() {}
            };
            return SideBySide.measure(ours, ort, batch, seconds);
        }
    }

    private static Tensor tensor(long[][] rows) {
        long[] flat = new long[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * rows[0].length, rows[0].length);
        }
        return Tensor.ofLongs(flat, rows.length, rows[0].length);
    }

    private static String table(double ortMs, double unprunedMs, int threads, List<Row> rows) {
        StringBuilder md = new StringBuilder(String.format(
                Locale.ROOT,
                "Batch %s tokens, %d threads. ONNX Runtime fp32: %.2f ms; ours unpruned: %.2f ms (%.2fx ORT).%n%n",
                SHAPE.label(),
                threads,
                ortMs,
                unprunedMs,
                unprunedMs / ortMs));
        md.append("| budget | budget ms | chosen variant | measured ms | ORT beside it ms | x ORT |"
                + " held-out mean cos | p5 cos | recall@10 | search s |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %.0f |%n",
                    row.fraction(),
                    row.budgetMs(),
                    row.variant(),
                    figure(row.timed(), timed -> timed.ours().medianMillis(), "%.2f"),
                    figure(row.timed(), timed -> timed.onnxRuntime().medianMillis(), "%.2f"),
                    figure(row.timed(), SideBySide::ratio, "%.3f"),
                    figure(row.heldOut(), Fidelity::meanCosine, "%.4f"),
                    figure(row.heldOut(), Fidelity::p5Cosine, "%.4f"),
                    figure(row.heldOut(), Fidelity::recallAt10, "%.3f"),
                    row.seconds()));
        }
        md.append("\nmeasured ms and ORT beside it: the chosen variant and ONNX Runtime timed in ")
                .append(SideBySide.ROUNDS)
                .append(" alternate rounds after the search, the fastest round of each; x ORT is their ratio, held"
                        + " against the budget's fraction. The search is given each budget as a share of our unpruned"
                        + " model's latency (budget ms over ours unpruned above), as it times variants against that"
                        + " model.\n");
        return md.toString();
    }

    /** One figure of a row, or "-" where the row has none (no variant met the budget). */
    private static <T> String figure(T source, ToDoubleFunction<T> value, String pattern) {
        return source == null ? "-" : String.format(Locale.ROOT, pattern, value.applyAsDouble(source));
    }
}
