package io.github.espalier.runtime.tools;

import io.github.espalier.runtime.EspalierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of contents of a latency probe bundle, the folder of compiled variants that the compiler writes
 * for {@link LatencyProbe} to time on the deployment machine. It is the text file {@value #FILE_NAME}, one
 * entry a line: {@code key <name> <value>} for what the measured table is valid for (copied into the table
 * as it is: the probe needs only the input shape and threads), and {@code variant <artifact> <architecture>}
 * for each variant to time. Lines starting with {@code #} are comments.
 *
 * @param key what the table is valid for; must hold {@value #BATCH_SIZE}, {@value #SEQUENCE_LENGTH} and
 *     {@value #THREADS}
 * @param variants the artifacts to time, in order
 */
public record ProbeManifest(Map<String, String> key, List<Variant> variants) {
    public static final String FILE_NAME = "manifest.txt";
    public static final String BATCH_SIZE = "batchSize";
    public static final String SEQUENCE_LENGTH = "sequenceLength";
    public static final String THREADS = "threads";

    /**
     * @param artifact the artifact's file name in the bundle folder
     * @param architecture what the variant keeps, copied into the table as it is
     */
    public record Variant(String artifact, String architecture) {
        public Variant {
            requireWord(artifact, "artifact file name");
            requireOneLine(architecture, "architecture");
        }
    }

    public ProbeManifest {
        key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
        key.forEach((name, value) -> {
            requireWord(name, "key name");
            requireOneLine(value, "key value");
        });
        variants = List.copyOf(variants);
        for (String name : List.of(BATCH_SIZE, SEQUENCE_LENGTH, THREADS)) {
            positive(key, name);
        }
    }

    public int batchSize() {
        return positive(key, BATCH_SIZE);
    }

    public int sequenceLength() {
        return positive(key, SEQUENCE_LENGTH);
    }

    public int threads() {
        return positive(key, THREADS);
    }

    /** Writes {@value #FILE_NAME} into {@code folder}, with a comment saying how to run the probe on it. */
    public void write(Path folder) throws IOException {
        StringBuilder text = new StringBuilder("# Espalier latency probe bundle. On the deployment machine, run:\n# ")
                .append(LatencyProbe.COMMAND)
                .append('\n');
        key.forEach((name, value) ->
                text.append("key ").append(name).append(' ').append(value).append('\n'));
        for (Variant variant : variants) {
            text.append("variant ")
                    .append(variant.artifact())
                    .append(' ')
                    .append(variant.architecture())
                    .append('\n');
        }
        Files.writeString(folder.resolve(FILE_NAME), text);
    }

    /** @throws EspalierException naming the file and line when it is missing or malformed */
    public static ProbeManifest read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new EspalierException("Cannot read the probe bundle's manifest " + file + ": " + e, e);
        }
        Map<String, String> key = new LinkedHashMap<>();
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" ", 3);
            try {
                switch (parts.length == 3 ? parts[0] : "") {
                    case "key" -> key.put(parts[1], parts[2]);
                    case "variant" -> variants.add(new Variant(parts[1], parts[2]));
                    default ->
                        throw new IllegalArgumentException(
                                "expected 'key <name> <value>' or 'variant <artifact> <architecture>'");
                }
            } catch (IllegalArgumentException e) {
                throw new EspalierException(file + " line " + (i + 1) + ": " + e.getMessage() + ": " + line, e);
            }
        }
        try {
            return new ProbeManifest(key, variants);
        } catch (IllegalArgumentException e) {
            throw new EspalierException(file + ": " + e.getMessage(), e);
        }
    }

    private static int positive(Map<String, String> key, String name) {
        String value = key.get(name);
        try {
            int number = Integer.parseInt(value == null ? "" : value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // Reported below with the other bad values.
        }
        throw new IllegalArgumentException("key '" + name + "' must be a positive whole number, got " + value);
    }

    private static void requireWord(String text, String what) {
        if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(what + " must be one word without spaces, got '" + text + "'");
        }
    }

    private static void requireOneLine(String text, String what) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " must fit on one line, got '" + text + "'");
        }
    }
}
