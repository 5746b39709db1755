package io.github.espalier.benchmarks;

import java.util.Locale;
import java.util.Map;

/** The report as markdown tables, for docs/benchmarks.md. */
final class MarkdownReport {
    private MarkdownReport() {}

    static String of(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("Machine: ");
        report.machine()
                .forEach((key, value) ->
                        out.append(key).append(" ").append(value).append("; "));
        out.append("\n\nMeasured FMA peak (GFLOP/s): ");
        report.peakGflops().forEach((threads, gflops) -> out.append(format("%d thread(s) %.0f; ", threads, gflops)));
        out.append(
                "\n\n| precision | threads | batch x tokens | ours median ms | ours p90 ms | ORT median ms | ORT p90 ms"
                        + " | ours / ORT | ours seq/s | ORT seq/s | ours GFLOP/s | ours of peak | ORT of peak |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Report.Row row : report.rows()) {
            out.append(format(
                    "| %s | %d | %s | %.2f | %.2f | %.2f | %.2f | **%.2f** | %.1f | %.1f | %.1f | %.0f%% | %.0f%% |\n",
                    row.precision(),
                    row.threads(),
                    row.shape().label(),
                    row.ours().medianMillis(),
                    row.ours().p90Millis(),
                    row.onnxRuntime().medianMillis(),
                    row.onnxRuntime().p90Millis(),
                    row.ratio(),
                    row.oursSequencesPerSecond(),
                    row.onnxRuntimeSequencesPerSecond(),
                    row.oursGflops(),
                    100 * row.oursFractionOfPeak(),
                    100 * row.onnxRuntimeFractionOfPeak()));
        }
        out.append(
                "\n| engine | precision | threads | load ms | first call ms (1 x 128) | warm median ms | first / warm"
                        + " | Java heap KiB per warm call |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Report.Start start : report.starts()) {
            out.append(format(
                    "| %s | %s | %d | %.0f | %.1f | %.1f | %.1f | %.0f |\n",
                    start.engine(),
                    start.precision(),
                    start.threads(),
                    start.loadMillis(),
                    start.firstCallMillis(),
                    start.warmMedianMillis(),
                    start.firstCallToWarm(),
                    start.allocatedPerCallKiB()));
        }
        out.append("\n| memory added by (fp32, loaded and run once) | heap MiB | resident MiB |\n|---|---|---|\n");
        for (Map.Entry<String, MemoryUse> entry : report.memory().entrySet()) {
            out.append(format(
                    "| %s | %.1f | %.1f |\n",
                    entry.getKey(), entry.getValue().heapMiB(), entry.getValue().residentMiB()));
        }
        out.append("\n| file | bytes |\n|---|---|\n");
        report.fileSizes().forEach((file, bytes) -> out.append(format("| %s | %,d |\n", file, bytes)));
        out.append(format(
                "\n%d corpus paragraphs in lists of %d (fp32, tokenized beforehand):\n\n",
                MixedLengthEmbedding.TEXTS, MixedLengthEmbedding.LIST_SIZE));
        out.append("| engine | threads | batching | passes | tokens computed | real tokens | padding | texts/s |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (MixedLengthEmbedding.Result result : report.mixedLength()) {
            out.append(format(
                    "| %s | %d | %s | %d | %d | %d | %.0f%% | %.1f |\n",
                    result.engine(),
                    result.threads(),
                    result.batching(),
                    result.passes(),
                    result.computedTokens(),
                    result.realTokens(),
                    100.0 * (result.computedTokens() - result.realTokens()) / result.computedTokens(),
                    result.textsPerSecond()));
        }
        return out.toString();
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
