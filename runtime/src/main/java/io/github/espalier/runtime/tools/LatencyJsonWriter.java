package io.github.espalier.runtime.tools;

import io.github.espalier.runtime.artifact.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes {@link LatencyMeasurements} as the JSON latency table the compiler reads. By hand, since the runtime
 * has no JSON library:
 *
 * <pre>{@code
 * {
 *   "format": "espalier-latency/1",
 *   "key": {"batchSize": "1", ...},
 *   "machine": {"cpuModel": "...", ...},
 *   "variants": [
 *     {"architecture": "12h/1536 dropped", "medianMs": 7.25, "p90Ms": 7.5, "runs": 30},
 *     ...
 *   ]
 * }
 * }</pre>
 */
public final class LatencyJsonWriter {
    public static final String FORMAT = "espalier-latency/1";

    private LatencyJsonWriter() {}

    /** Writes atomically, so a reader never sees half a table. */
    public static void write(Path file, LatencyMeasurements measurements) throws IOException {
        String json = toJson(measurements);
        AtomicFiles.write(file, temp -> Files.writeString(temp, json));
    }

    static String toJson(LatencyMeasurements measurements) {
        StringBuilder json = new StringBuilder("{\n  \"format\": ").append(quoted(FORMAT));
        json.append(",\n  \"key\": ").append(object(measurements.key()));
        json.append(",\n  \"machine\": ").append(object(measurements.machine()));
        json.append(",\n  \"variants\": [");
        Iterator<VariantLatency> variants = measurements.variants().iterator();
        while (variants.hasNext()) {
            VariantLatency variant = variants.next();
            Timing timing = variant.timing();
            json.append("\n    {\"architecture\": ")
                    .append(quoted(variant.architecture()))
                    .append(", \"medianMs\": ")
                    .append(timing.medianMs())
                    .append(", \"p90Ms\": ")
                    .append(timing.p90Ms())
                    .append(", \"runs\": ")
                    .append(timing.runs())
                    .append(variants.hasNext() ? "}," : "}");
        }
        return json.append("\n  ]\n}\n").toString();
    }

    private static String object(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? ", " : "")
                .append(quoted(name))
                .append(": ")
                .append(quoted(value)));
        return json.append('}').toString();
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
