package io.github.espalier.benchmarks;

import io.github.espalier.compiler.CompileRequest;
import io.github.espalier.compiler.distill.DistillRequest;
import io.github.espalier.compiler.distill.ModelDistillation;
import io.github.espalier.compiler.distill.TrainingThroughput;
import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.Fidelity;
import io.github.espalier.compiler.search.LayerShape;
import io.github.espalier.runtime.model.Pooling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Distillation's acceptance run (docs/distillation.md): training throughput of our trainer beside PyTorch's
 * CPU training of the same students on the same batch, then a MiniLM student distilled for the given time,
 * with held-out fidelity before and after; on request ({@code --parts=sweep}) the same student trained with
 * several batch sizes and learning rates ({@link DistillationSweep}). Writes {@code distillation.md} into the
 * output folder.
 */
public final class DistillationBenchmark {
    private static final int WIDTH = 384;
    private static final int HEAD_SIZE = 32;
    private static final int BATCH = 16;
    private static final int SEQUENCE = 64;
    /**
     * Enough for the JIT to have compiled the training code: after 3, most timings still held its compilations;
     * after 15, about one in five first timings in a fresh JVM still ran at 0.7-0.8 of the settled speed.
     */
    private static final int WARMUP_STEPS = 40;

    private static final int STEPS = 40;

    private static final String SCRIPT = "src/main/python/torch_training_throughput.py";
    private static final Pattern TOKENS_PER_SECOND = Pattern.compile("\"tokensPerSecond\":\\s*([0-9.eE+-]+)");

    private DistillationBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkMain.options(args);
        int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
        Path out = Path.of(options.getOrDefault("out", "target/distillation-benchmark"));
        Files.createDirectories(out);
        List<String> parts =
                List.of(options.getOrDefault("parts", "throughput,fidelity").split(","));
        StringBuilder report = new StringBuilder();
        if (parts.contains("throughput")) {
            throughput(options, threads, out, report);
        }
        if (parts.contains("fidelity")) {
            fidelity(options, threads, out, report);
        }
        if (parts.contains("sweep")) {
            report.append(DistillationSweep.run(
                    compileRequest(out),
                    Architecture.parse(required(options, "architecture")),
                    Arrays.stream(required(options, "sweep").split(","))
                            .map(DistillationSweep.Setting::parse)
                            .toList(),
                    BenchmarkMain.duration(required(options, "sweep-time")),
                    Integer.parseInt(required(options, "training-texts")),
                    threads));
        }
        Files.writeString(out.resolve("distillation.md"), report);
        System.out.println(report);
    }

    private static void throughput(Map<String, String> options, int threads, Path out, StringBuilder report)
            throws IOException, InterruptedException {
        report.append(String.format(
                Locale.ROOT,
                "### Training throughput, batch %d x %d tokens (rows half to fully real), %d threads%n%n"
                        + "| student layers | Espalier tokens/s | PyTorch tokens/s | ratio |%n|---|---|---|---|%n",
                BATCH,
                SEQUENCE,
                threads));
        for (String student :
                options.getOrDefault("students", "4x12h/1536,4x8h/768").split(",")) {
            int times = Integer.parseInt(student.substring(0, student.indexOf('x')));
            LayerShape shape = LayerShape.parse(student.substring(student.indexOf('x') + 1));
            List<LayerShape> layers = java.util.Collections.nCopies(times, shape);
            TrainingThroughput.Result ours =
                    TrainingThroughput.measure(layers, WIDTH, HEAD_SIZE, BATCH, SEQUENCE, WARMUP_STEPS, STEPS, threads);
            double theirs = pytorch(options.getOrDefault("python", "/usr/bin/python3"), layers, threads, out);
            report.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.0f | %.2fx |%n",
                    student,
                    ours.tokensPerSecond(),
                    theirs,
                    ours.tokensPerSecond() / theirs));
            System.out.print(report);
        }
    }

    private static void fidelity(Map<String, String> options, int threads, Path out, StringBuilder report)
            throws IOException {
        String architecture = required(options, "architecture");
        Duration time = BenchmarkMain.duration(options.getOrDefault("training-time", "5m"));
        ModelDistillation.Result result = new ModelDistillation()
                .distill(
                        new DistillRequest(
                                compileRequest(out),
                                Architecture.parse(architecture),
                                time,
                                threads,
                                42,
                                null,
                                DistillRequest.DEFAULT_TEXTS,
                                Integer.parseInt(required(options, "training-texts"))),
                        System.out::println);
        report.append(String.format(
                Locale.ROOT,
                "%n### all-MiniLM-L6-v2 student %s, distilled for %s on %d threads%n%n"
                        + "| | mean cosine | 5th percentile | recall@10 |%n|---|---|---|---|%n%s%s%n"
                        + "%d steps, %.0f tokens/s, mean loss %.4f -> %.4f (first and last tenth of the steps).%n",
                architecture,
                time,
                threads,
                row("least-squares repair", result.before()),
                row("repair + distillation", result.after()),
                result.training().steps(),
                result.training().tokensPerSecond(),
                result.training().firstLoss(),
                result.training().lastLoss()));
    }

    /** An option the pom passes from its {@code benchmark.distillation.*} properties; run by hand, give it. */
    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("DistillationBenchmark needs --" + name + "=...; the benchmarks"
                    + " pom passes it from its benchmark.distillation properties");
        }
        return value;
    }

    /** MiniLM fp32 from the benchmark's resources, compiled for this machine as the search compiles it. */
    private static CompileRequest compileRequest(Path out) throws IOException {
        return new CompileRequest(
                Resources.copy("/all-minilm-l6-v2.onnx", out),
                Resources.copy("/all-minilm-l6-v2-tokenizer.json", out),
                "io.github.espalier.benchmarks.Distilled",
                List.of("host"),
                Pooling.MEAN,
                true,
                256,
                out.resolve("sources"),
                out.resolve("resources"));
    }

    private static String row(String what, Fidelity fidelity) {
        return String.format(
                Locale.ROOT,
                "| %s | %.4f | %.4f | %.3f |%n",
                what,
                fidelity.meanCosine(),
                fidelity.p5Cosine(),
                fidelity.recallAt10());
    }

    /** PyTorch's tokens per second on the same student and batch, from the benchmark's script. */
    private static double pytorch(String python, List<LayerShape> layers, int threads, Path out)
            throws IOException, InterruptedException {
        Path json =
                out.resolve("pytorch-" + layers.size() + "x" + layers.getFirst().heads() + ".json");
        List<String> command = new ArrayList<>(List.of(
                python,
                SCRIPT,
                "--layers",
                String.join(",", layers.stream().map(LayerShape::toString).toList()),
                "--hidden",
                String.valueOf(WIDTH),
                "--head-size",
                String.valueOf(HEAD_SIZE),
                "--batch",
                String.valueOf(BATCH),
                "--sequence",
                String.valueOf(SEQUENCE),
                "--threads",
                String.valueOf(threads),
                "--steps",
                String.valueOf(STEPS),
                "--warmup-steps",
                String.valueOf(WARMUP_STEPS),
                "--out",
                json.toString()));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException("PyTorch's script failed (" + String.join(" ", command) + "); it needs Debian's"
                    + " python3-torch and libopenblas0-openmp");
        }
        Matcher matcher = TOKENS_PER_SECOND.matcher(Files.readString(json, StandardCharsets.UTF_8));
        if (!matcher.find()) {
            throw new IOException(json + " has no tokensPerSecond");
        }
        return Double.parseDouble(matcher.group(1));
    }
}
