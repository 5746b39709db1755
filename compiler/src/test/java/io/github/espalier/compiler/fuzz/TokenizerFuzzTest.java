package io.github.espalier.compiler.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.espalier.compiler.CompilationException;
import io.github.espalier.compiler.tokenizer.TokenizerImporter;
import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tokenizer.Encoding;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import io.github.espalier.runtime.tokenizer.Tokenizers;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the tokenizer path end to end, seeded with the real all-MiniLM-L6-v2 tokenizer.json: the JSON
 * importer (structure-aware edits and byte mutations), the runtime's reader of the compact section
 * (byte mutations of a real section), and the WordPiece tokenizer itself on arbitrary Unicode.
 */
class TokenizerFuzzTest {
    private static final int MAX_LENGTH = 128;
    private static final int VOCAB_SIZE = 30_522;
    private static final List<Class<? extends RuntimeException>> IMPORT = List.of(CompilationException.class);
    private static final List<Class<? extends RuntimeException>> READ = List.of(EspalierException.class);
    private static final List<String> TEXTS = List.of("Hello, wörld!", "", "naïve café 東京 🙂 [SEP] [MASK]");

    private final byte[] json = Seeds.minilmTokenizerJson();

    @Test
    void editedTokenizerJson() throws IOException {
        // Edits may nest deeper than Jackson writes by default (1,000 levels): write whatever they made, so the
        // importer's own read limit is what meets it.
        ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(Integer.MAX_VALUE)
                        .build())
                .build());
        JsonNode seed = mapper.readTree(json);
        Fuzzer.run(
                "tokenizer.json edits",
                60,
                random -> JsonEdits.edit(seed, random),
                edited -> importAndUse(mapper.writeValueAsBytes(edited.root())));
    }

    @Test
    void mutatedTokenizerJsonBytes() {
        Fuzzer.run(
                "tokenizer.json bytes",
                40,
                ByteMutations::edits,
                edits -> importAndUse(ByteMutations.apply(edits, json)));
    }

    /** Deeper than JsonEdits can write: Jackson's reader limit must turn it into an import error. */
    @Test
    void deeplyNestedJsonIsRefusedByTheImporter() {
        byte[] deep = ("{\"model\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(UTF_8);

        assertThat(importAndUse(deep)).isEqualTo("rejected by the importer");
    }

    @Test
    void mutatedTokenizerSection() {
        byte[] section = importSeed();
        Fuzzer.run("tokenizer section bytes", 1000, ByteMutations::edits, edits -> {
            byte[] mutated = ByteMutations.apply(edits, section);
            Tokenizer[] tokenizer = new Tokenizer[1];
            Throwable thrown = DocumentedFailures.check(
                    () -> tokenizer[0] = Tokenizers.read(MemorySegment.ofArray(mutated)), READ);
            if (thrown != null) {
                return "rejected";
            }
            DocumentedFailures.check(() -> TEXTS.forEach(tokenizer[0]::encode), List.of());
            return "read and encoded";
        });
    }

    @Test
    void arbitraryUnicodeText() {
        Tokenizer tokenizer = Tokenizers.read(MemorySegment.ofArray(importSeed()));
        Fuzzer.run("WordPiece on arbitrary Unicode", 3000, RandomText::draw, text -> {
            Encoding[] encoding = new Encoding[1];
            DocumentedFailures.check(() -> encoding[0] = tokenizer.encode(text), List.of());
            assertThat(encoding[0].length()).isBetween(2, MAX_LENGTH);
            assertThat(LongStream.of(encoding[0].ids()).allMatch(id -> id >= 0 && id < VOCAB_SIZE))
                    .as("ids in the vocabulary")
                    .isTrue();
            assertThat(tokenizer.encode(text).ids()).as("deterministic").isEqualTo(encoding[0].ids());
            return encoding[0].length() == MAX_LENGTH ? "truncated" : "fits";
        });
    }

    private byte[] importSeed() {
        try (Scratch scratch = Scratch.create()) {
            return TokenizerImporter.importJson(scratch.write("tokenizer.json", json), MAX_LENGTH);
        }
    }

    private static String importAndUse(byte[] tokenizerJson) {
        try (Scratch scratch = Scratch.create()) {
            Path file = scratch.write("tokenizer.json", tokenizerJson);
            byte[][] section = new byte[1][];
            Throwable rejected =
                    DocumentedFailures.check(() -> section[0] = TokenizerImporter.importJson(file, MAX_LENGTH), IMPORT);
            if (rejected != null) {
                assertThat(rejected.getMessage()).as("names the file").contains("tokenizer.json");
                return "rejected by the importer";
            }
            Throwable unreadable = DocumentedFailures.check(
                    () -> {
                        Tokenizer tokenizer = Tokenizers.read(MemorySegment.ofArray(section[0]));
                        TEXTS.forEach(tokenizer::encode);
                        tokenizer.encodeBatch(TEXTS);
                    },
                    READ);
            return unreadable == null ? "imported and encoded" : "imported, rejected by the runtime";
        }
    }

    /** Text from every corner of Unicode, including unpaired surrogates, controls and very long words. */
    static final class RandomText {
        private static final int[][] RANGES = {
            {0x20, 0x7E},
            {0x00, 0x1F},
            {0xA0, 0x24F},
            {0x300, 0x36F},
            {0x370, 0x3FF},
            {0x400, 0x4FF},
            {0x600, 0x6FF},
            {0x900, 0x97F},
            {0x2000, 0x206F},
            {0x3040, 0x30FF},
            {0x4E00, 0x9FFF},
            {0xAC00, 0xD7A3},
            {0xD800, 0xDFFF},
            {0xFE00, 0xFE0F},
            {0xFF00, 0xFFEF},
            {0x1F300, 0x1FAFF},
            {0x10000, 0x10FFFF}
        };

        private RandomText() {}

        static String draw(Random random) {
            int length = random.nextInt(10) == 0 ? random.nextInt(20_000) : random.nextInt(64);
            StringBuilder text = new StringBuilder(length);
            int[] range = RANGES[random.nextInt(RANGES.length)];
            for (int i = 0; i < length; i++) {
                if (random.nextInt(8) == 0) {
                    range = RANGES[random.nextInt(RANGES.length)];
                }
                text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
            }
            return text.toString();
        }
    }
}
