package io.github.espalier.runtime.model;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import java.util.Locale;
import java.util.Map;

/** How {@link CompiledModel#embed} pools, read from and validated against the artifact's metadata. */
record EmbeddingSettings(Pooling pooling, boolean normalize, int maxSequenceLength, String output) {
    static EmbeddingSettings from(
            Map<String, String> metadata, Program program, int tokenizerMaxLength, String source) {
        return new EmbeddingSettings(
                pooling(metadata.getOrDefault(ArtifactMetadata.POOLING, Pooling.MEAN.name()), source),
                bool(metadata.getOrDefault(ArtifactMetadata.NORMALIZE, "false"), source),
                maxSequenceLength(metadata.get(ArtifactMetadata.MAX_SEQUENCE_LENGTH), tokenizerMaxLength, source),
                output(metadata.get(ArtifactMetadata.POOLED_OUTPUT), program, source));
    }

    private static Pooling pooling(String value, String source) {
        try {
            return Pooling.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(ArtifactMetadata.POOLING, value, "MEAN or CLS", source);
        }
    }

    private static boolean bool(String value, String source) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(ArtifactMetadata.NORMALIZE, value, "true or false", source);
        };
    }

    private static int maxSequenceLength(String value, int tokenizerMaxLength, String source) {
        if (value == null) {
            return tokenizerMaxLength;
        }
        try {
            int length = Integer.parseInt(value);
            if (length > 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(ArtifactMetadata.MAX_SEQUENCE_LENGTH, value, "a positive integer", source);
    }

    private static String output(String value, Program program, String source) {
        if (program.outputs().isEmpty()) {
            throw new EspalierException("Artifact " + source + " declares no outputs; rebuild it");
        }
        if (value == null) {
            return program.outputs().getFirst().name();
        }
        if (program.outputs().stream().noneMatch(spec -> spec.name().equals(value))) {
            throw invalid(
                    ArtifactMetadata.POOLED_OUTPUT,
                    value,
                    "one of the outputs "
                            + program.outputs().stream().map(ValueSpec::name).toList(),
                    source);
        }
        return value;
    }

    private static EspalierException invalid(String key, String value, String expected, String source) {
        return new EspalierException("Artifact " + source + " has metadata " + key + "='" + value + "' but it must be "
                + expected + "; rebuild it with the Espalier compiler");
    }
}
