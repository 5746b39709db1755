package io.github.espalier.compiler.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.espalier.runtime.tools.LatencyJsonWriter;
import io.github.espalier.runtime.tools.LatencyMeasurements;
import io.github.espalier.runtime.tools.Timing;
import io.github.espalier.runtime.tools.VariantLatency;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the JSON latency tables that {@link LatencyJsonWriter} writes, at build time or on a deployment machine. */
final class LatencyTableReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencyTableReader() {}

    /**
     * @throws IOException if the file cannot be read or is not JSON
     * @throws IllegalArgumentException if it is JSON but not a latency table, saying what is wrong
     */
    static LatencyMeasurements read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        String format = root.path("format").asText();
        if (!format.equals(LatencyJsonWriter.FORMAT)) {
            throw new IllegalArgumentException("it is not an Espalier latency table: format is '" + format
                    + "', expected '" + LatencyJsonWriter.FORMAT + "'");
        }
        List<VariantLatency> variants = new ArrayList<>();
        for (JsonNode variant : required(root, "variants")) {
            variants.add(new VariantLatency(
                    required(variant, "architecture").asText(),
                    new Timing(number(variant, "medianMs"), number(variant, "p90Ms"), (int) number(variant, "runs"))));
        }
        return new LatencyMeasurements(strings(root, "key"), strings(root, "machine"), variants);
    }

    private static Map<String, String> strings(JsonNode parent, String name) {
        Map<String, String> strings = new LinkedHashMap<>();
        required(parent, name)
                .properties()
                .forEach(field -> strings.put(field.getKey(), field.getValue().asText()));
        return strings;
    }

    private static double number(JsonNode parent, String name) {
        JsonNode value = required(parent, name);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("'" + name + "' is " + value + ", not a number");
        }
        return value.asDouble();
    }

    private static JsonNode required(JsonNode parent, String name) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'" + name + "' is missing in " + parent);
        }
        return value;
    }
}
