package io.github.espalier.benchmarks;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs our compiled all-MiniLM-L6-v2 (fp32 and int8) and ONNX Runtime side by side in one JVM and writes
 * {@code benchmarks.json} and {@code benchmarks.md}. Arguments: {@code --threads=1,2 --seconds=3 --out=DIR}.
 */
public final class BenchmarkMain {
    private static final Shape START_SHAPE = new Shape(1, 128);
    private static final long SEED = 42;

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int[] threadCounts = Arrays.stream(
                        options.getOrDefault("threads", "1,2").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "3"));
        Path out = Path.of(options.getOrDefault("out", "target/benchmarks"));
        int maxThreads = Arrays.stream(threadCounts).max().orElse(1);

        // First, while the JIT is cold: what a service sees when it starts.
        List<Report.Start> starts = new ArrayList<>();
        Map<String, MemoryUse> memory = new LinkedHashMap<>();
        for (Precision precision : Precision.values()) {
            starts.add(start("espalier", precision, maxThreads, seconds, memory));
            starts.add(start("onnxruntime", precision, maxThreads, seconds, memory));
        }

        Map<Integer, Double> peaks = new TreeMap<>();
        for (int threads : threadCounts) {
            peaks.put(threads, PeakFlops.measure(threads));
        }
        String kernels;
        try (EspalierEngine probe = EspalierEngine.load(Precision.FP32, 1)) {
            kernels = probe.kernels();
        }

        List<Report.Row> rows = new ArrayList<>();
        for (Precision precision : Precision.values()) {
            for (int threads : threadCounts) {
                rows.addAll(rows(precision, threads, seconds, peaks.get(threads)));
            }
        }
        List<MixedLengthEmbedding.Result> mixedLength;
        try (Engine ours = EspalierEngine.load(Precision.FP32, maxThreads);
                Engine onnxRuntime = OnnxRuntimeEngine.load(Precision.FP32, maxThreads)) {
            mixedLength = MixedLengthEmbedding.measure(ours, onnxRuntime, maxThreads);
        }
        Report report = new Report(machine(kernels), peaks, rows, starts, memory, fileSizes(), mixedLength);
        Files.createDirectories(out);
        JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build()
                .writeValue(out.resolve("benchmarks.json").toFile(), report);
        String markdown = MarkdownReport.of(report);
        Files.writeString(out.resolve("benchmarks.md"), markdown);
        System.out.println(markdown);
        System.out.println("Wrote " + out.resolve("benchmarks.json") + " and " + out.resolve("benchmarks.md"));
    }

    private static List<Report.Row> rows(Precision precision, int threads, double seconds, double peak)
            throws Exception {
        List<Report.Row> rows = new ArrayList<>();
        try (Engine ours = EspalierEngine.load(precision, threads);
                Engine onnxRuntime = OnnxRuntimeEngine.load(precision, threads)) {
            for (Shape shape : Shape.STANDARD) {
                SideBySide timed =
                        SideBySide.measure(ours, onnxRuntime, shape.inputs(SEED), seconds / SideBySide.ROUNDS);
                double gflops = EncoderFlops.of(shape) / timed.ours().medianMillis() / 1e6;
                double onnxRuntimeGflops =
                        EncoderFlops.of(shape) / timed.onnxRuntime().medianMillis() / 1e6;
                Report.Row row = new Report.Row(
                        precision,
                        threads,
                        shape,
                        timed.ours(),
                        timed.onnxRuntime(),
                        timed.ratio(),
                        shape.batch() * 1000 / timed.ours().medianMillis(),
                        shape.batch() * 1000 / timed.onnxRuntime().medianMillis(),
                        gflops,
                        gflops / peak,
                        onnxRuntimeGflops / peak);
                System.out.printf(
                        "%s %d thread(s) %s: ours %.2f ms, ONNX Runtime %.2f ms, ratio %.2f%n",
                        precision,
                        threads,
                        shape.label(),
                        timed.ours().medianMillis(),
                        timed.onnxRuntime().medianMillis(),
                        row.ratio());
                rows.add(row);
            }
        }
        return rows;
    }

    /** Load time and first call of one engine, then its warm median on the same input; fp32 also memory. */
    private static Report.Start start(
            String engineName, Precision precision, int threads, double seconds, Map<String, MemoryUse> memory)
            throws Exception {
        MemoryUse before = MemoryUse.now();
        Shape.TokenBatch batch = START_SHAPE.inputs(SEED);
        long loadStart = System.nanoTime();
        try (Engine engine = engineName.equals("espalier")
                ? EspalierEngine.load(precision, threads)
                : OnnxRuntimeEngine.load(precision, threads)) {
            double load = (System.nanoTime() - loadStart) / 1e6;
            long callStart = System.nanoTime();
            engine.run(batch);
            double firstCall = (System.nanoTime() - callStart) / 1e6;
            if (precision == Precision.FP32) {
                memory.put(engineName, MemoryUse.now().minus(before));
            }
            double warm = Latency.measure(engine, batch, seconds).medianMillis();
            double allocated = HeapAllocation.perCallKiB(engine, batch);
            return new Report.Start(engineName, precision, threads, load, firstCall, warm, firstCall / warm, allocated);
        }
    }

    private static Map<String, String> machine(String kernels) throws IOException {
        Map<String, String> machine = new LinkedHashMap<>();
        Path cpuInfo = Path.of("/proc/cpuinfo");
        String model = Files.isReadable(cpuInfo)
                ? Files.readAllLines(cpuInfo).stream()
                        .filter(line -> line.startsWith("model name"))
                        .map(line -> line.substring(line.indexOf(':') + 1).strip())
                        .findFirst()
                        .orElse("unknown")
                : System.getProperty("os.arch");
        machine.put("cpu", model);
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
        machine.put("espalier kernels", kernels);
        machine.put("onnxruntime", OrtEnvironment.getEnvironment().getVersion());
        return machine;
    }

    private static Map<String, Long> fileSizes() throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Precision precision : Precision.values()) {
            sizes.put(precision + " ONNX " + precision.onnxResource, size(precision.onnxResource));
            sizes.put(precision + " artifact " + precision.artifactResource, size(precision.artifactResource));
        }
        return sizes;
    }

    private static long size(String resource) throws IOException {
        try (InputStream in = BenchmarkMain.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    /** "5m", "150s": a number and a unit, as in ISO-8601 durations without the "PT". */
    static Duration duration(String text) {
        return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
    }
}
