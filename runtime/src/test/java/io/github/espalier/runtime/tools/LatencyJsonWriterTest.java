package io.github.espalier.runtime.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyJsonWriterTest {
    @Test
    void writesTheKeyTheMachineAndOneLinePerVariant(@TempDir Path folder) throws Exception {
        LatencyMeasurements measurements = new LatencyMeasurements(
                Map.of("threads", "2"),
                Map.of("cores", "8"),
                List.of(
                        new VariantLatency("2h/64 dropped", new Timing(1.5, 2.25, 30)),
                        new VariantLatency("2h/64 2h/64", new Timing(2.5, 3, 12))));
        Path file = folder.resolve("table.json");

        LatencyJsonWriter.write(file, measurements);

        assertThat(Files.readString(file)).isEqualTo("""
                {
                  "format": "espalier-latency/1",
                  "key": {"threads": "2"},
                  "machine": {"cores": "8"},
                  "variants": [
                    {"architecture": "2h/64 dropped", "medianMs": 1.5, "p90Ms": 2.25, "runs": 30},
                    {"architecture": "2h/64 2h/64", "medianMs": 2.5, "p90Ms": 3.0, "runs": 12}
                  ]
                }
                """);
        assertThat(folder).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void escapesWhatJsonStringsCannotHoldAsIs() {
        assertThat(LatencyJsonWriter.quoted("Intel(R) \"Xeon\" C:\\cpu\ttab\nline\u0001"))
                .isEqualTo("\"Intel(R) \\\"Xeon\\\" C:\\\\cpu\\ttab\\nline\\u0001\"");
    }
}
