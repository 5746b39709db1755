package io.github.espalier.compiler.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.artifact.ModelArtifact;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the runtime's artifact reader and loader (header, section table, metadata, program codec,
 * tensor table, tokenizer section) with damaged copies of a real compiled artifact: the small seed model
 * with the MiniLM tokenizer, written by the compiler. Raw damage must be caught; damage with a
 * re-computed checksum (a hostile, not an accidental, file) must still fail only with an
 * {@link EspalierException}, or load and run. Every rejection names the file.
 */
class ArtifactFuzzTest {
    /** Header fields (docs/artifact-format.md): declared file length and CRC32C of everything after the header. */
    private static final int FILE_LENGTH_OFFSET = 16;

    private static final int CHECKSUM_OFFSET = 44;
    private static final int HEADER_SIZE = 64;
    private static final List<Class<? extends RuntimeException>> DOCUMENTED = List.of(EspalierException.class);

    private static byte[] seed;

    @BeforeAll
    static void compileSeed() throws IOException {
        try (Scratch scratch = Scratch.create()) {
            seed = Files.readAllBytes(
                    Seeds.compile(scratch, Seeds.onnxModel().toByteArray(), Seeds.minilmTokenizerJson()));
        }
    }

    @Test
    void theSeedLoadsAndRuns() {
        assertThat(load(seed)).isEqualTo("ran");
    }

    @Test
    void damagedArtifactIsDetectedAndNamed() {
        Fuzzer.run("artifact bytes", 300, ByteMutations::edits, edits -> {
            byte[] damaged = ByteMutations.apply(edits, seed);
            String expected = Arrays.equals(damaged, seed) ? "ran" : "rejected, naming the file";
            assertThat(load(damaged))
                    .as("only an edit that changed nothing may load")
                    .isEqualTo(expected);
            assertThat(readAsResource(damaged))
                    .as("read from a stream, as from a jar")
                    .isEqualTo(expected.equals("ran") ? "read" : expected);
            return expected;
        });
    }

    @Test
    void hostileArtifactWithValidChecksum() {
        Fuzzer.run("artifact bytes, checksum re-computed", 1000, ByteMutations::edits, edits -> {
            byte[] body = ByteMutations.apply(edits, Arrays.copyOfRange(seed, HEADER_SIZE, seed.length));
            return load(restamp(body));
        });
    }

    /** Puts the seed's header before {@code body}, with length and checksum made to match it. */
    private static byte[] restamp(byte[] body) {
        byte[] file = Arrays.copyOf(seed, HEADER_SIZE + body.length);
        System.arraycopy(body, 0, file, HEADER_SIZE, body.length);
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer header = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(FILE_LENGTH_OFFSET, file.length);
        header.putInt(CHECKSUM_OFFSET, (int) crc.getValue());
        return file;
    }

    /** The path taken for a resource inside a jar: the stream is read into memory, not mapped. */
    private static String readAsResource(byte[] artifact) {
        Throwable thrown = DocumentedFailures.check(
                () -> ModelArtifact.read(new ByteArrayInputStream(artifact), "jar:Fuzzed.esp")
                        .close(),
                DOCUMENTED);
        if (thrown == null) {
            return "read";
        }
        assertThat(thrown.getMessage()).as("names the resource").contains("jar:Fuzzed.esp");
        return "rejected, naming the file";
    }

    private static String load(byte[] artifact) {
        try (Scratch scratch = Scratch.create()) {
            Path file = scratch.write("Fuzzed.esp", artifact);
            String[] outcome = new String[1];
            Throwable thrown = DocumentedFailures.check(() -> outcome[0] = LoadedModels.exercise(file), DOCUMENTED);
            if (thrown == null) {
                return outcome[0];
            }
            assertThat(thrown.getMessage()).as("names the file").contains(file.toString());
            return "rejected, naming the file";
        }
    }
}
