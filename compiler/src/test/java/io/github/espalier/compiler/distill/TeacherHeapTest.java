package io.github.espalier.compiler.distill;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.search.EncoderLayers;
import io.github.espalier.compiler.search.MiniLmFixture;
import io.github.espalier.compiler.search.TextCorpus;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.model.TokenBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap too small for the original model's kept hidden states fails with the figures and what to change, not
 * with a bare OutOfMemoryError. It runs in a JVM of its own, with a heap that holds MiniLM but not the states.
 */
class TeacherHeapTest {
    private static final String HEAP = "-Xmx400m";

    @Test
    void aHeapTooSmallForTheKeptStatesFailsWithTheFiguresAndWhatToChange(@TempDir Path folder) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = folder.resolve("child.log");
        // To a file, not a pipe: reading a pipe to its end would wait past the timeout on a child that hangs.
        Process child = new ProcessBuilder(
                        java.toString(),
                        HEAP,
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Capture.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = child.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(ended).as("the child JVM ends within 2 minutes: %s", output).isTrue();

        assertThat(output)
                .as(output)
                .contains("DistillationException: The heap (")
                .contains("ran out while keeping the original model's hidden states for training")
                .contains("of 2048 batches were kept")
                .contains("MAVEN_OPTS=-Xmx")
                .contains("<trainingTexts> lower")
                .doesNotContain("captured all");
    }

    /** Captures the original model's states for 8192 texts, about 4 GB, and prints how that went. */
    static final class Capture {
        public static void main(String[] args) {
            try (ComputePool pool = ComputePool.create(2)) {
                Graph fused = MiniLmFixture.fused();
                List<TokenBatch> batches = TokenBatch.of(
                        MiniLmFixture.tokenizer(), TextCorpus.builtIn().subList(0, 8192), 4);
                try {
                    Teacher.capture(fused, EncoderLayers.find(fused), batches, Pooling.MEAN, pool);
                    System.out.println("captured all");
                } catch (DistillationException e) {
                    System.out.println(e);
                }
            }
        }
    }
}
