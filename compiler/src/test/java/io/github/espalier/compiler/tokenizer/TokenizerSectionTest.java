package io.github.espalier.compiler.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tokenizer.Encoding;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import io.github.espalier.runtime.tokenizer.Tokenizers;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime reads only well-formed sections: anything else is an EspalierException, never a crash. */
class TokenizerSectionTest {
    /** A small but complete BERT tokenizer, so that every byte of its section can be tampered with. */
    private static final String TINY = """
            {"truncation": null, "padding": null,
             "added_tokens": [{"id": 1, "content": "[CLS]", "single_word": false, "lstrip": false,
                               "rstrip": false, "normalized": false, "special": true}],
             "normalizer": {"type": "BertNormalizer", "lowercase": true, "strip_accents": null},
             "pre_tokenizer": {"type": "BertPreTokenizer"},
             "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 2], "cls": ["[CLS]", 1]},
             "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                       "max_input_chars_per_word": 100,
                       "vocab": {"[PAD]": 0, "[CLS]": 1, "[SEP]": 2, "[UNK]": 3, "hello": 4, "world": 5,
                                 "wor": 6, "##ld": 7, "!": 8}}}
            """;

    @TempDir
    Path directory;

    private byte[] tinySection() throws Exception {
        Path json = directory.resolve("tokenizer.json");
        Files.writeString(json, TINY);
        return TokenizerImporter.importJson(json, 8);
    }

    @Test
    void readsTheTinyTokenizer() throws Exception {
        Tokenizer tokenizer = Tokenizers.read(MemorySegment.ofArray(tinySection()));
        assertThat(tokenizer.encode("Hello, WORLD! [CLS] worxld").ids()).containsExactly(1, 4, 3, 5, 8, 1, 3, 2);
        List<Encoding> batch = tokenizer.encodeBatch(List.of("hello", "hello world"));
        assertThat(batch.get(0).ids()).containsExactly(1, 4, 2, 0);
        assertThat(batch.get(0).attentionMask()).containsExactly(1, 1, 1, 0);
        assertThat(batch.get(0).typeIds()).containsExactly(0, 0, 0, 0);
        assertThat(batch.get(1).attentionMask()).containsExactly(1, 1, 1, 1);
    }

    @Test
    void rejectsEveryTruncation() throws Exception {
        byte[] section = tinySection();
        for (int length = 0; length < section.length; length++) {
            MemorySegment truncated = MemorySegment.ofArray(Arrays.copyOf(section, length));
            assertThatThrownBy(() -> Tokenizers.read(truncated))
                    .as("section cut to %d of %d bytes", length, section.length)
                    .isInstanceOf(EspalierException.class);
        }
    }

    @Test
    void rejectsTrailingBytesBadMagicAndOtherVersions() throws Exception {
        byte[] section = tinySection();
        assertThatThrownBy(() -> Tokenizers.read(MemorySegment.ofArray(Arrays.copyOf(section, section.length + 1))))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("unexpected bytes");
        byte[] badMagic = section.clone();
        badMagic[0] ^= 1;
        assertThatThrownBy(() -> Tokenizers.read(MemorySegment.ofArray(badMagic)))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("magic");
        byte[] otherVersion = section.clone();
        ByteBuffer.wrap(otherVersion).putShort(4, (short) 99);
        assertThatThrownBy(() -> Tokenizers.read(MemorySegment.ofArray(otherVersion)))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void rejectsHugeCountsWithoutAllocatingThem() throws Exception {
        byte[] section = tinySection();
        // The normalizer count follows magic, version and max length.
        ByteBuffer.wrap(section).putInt(10, Integer.MAX_VALUE);
        assertThatThrownBy(() -> Tokenizers.read(MemorySegment.ofArray(section)))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("does not fit");
    }

    @Test
    void survivesRandomCorruption() throws Exception {
        byte[] section = tinySection();
        Random random = new Random(42);
        for (int trial = 0; trial < 3_000; trial++) {
            byte[] corrupt = section.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            try {
                Tokenizers.read(MemorySegment.ofArray(corrupt)).encode("Hello, world! [CLS] unknownword");
            } catch (EspalierException expected) {
                // a corrupt section must fail this way and no other
            }
        }
    }

    @Test
    void rejectsNullTextWithANullPointerException() throws Exception {
        Tokenizer tokenizer = Tokenizers.read(MemorySegment.ofArray(tinySection()));
        assertThatThrownBy(() -> tokenizer.encode(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("text");
        assertThatThrownBy(() -> tokenizer.encodeBatch(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
    }
}
