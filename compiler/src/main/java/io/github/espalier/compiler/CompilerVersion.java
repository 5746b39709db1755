package io.github.espalier.compiler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The compiler's own version, read from the Maven descriptor that the jar plugin puts into the jar. */
public final class CompilerVersion {
    private static final String DESCRIPTOR = "/META-INF/maven/io.github.espalier/espalier-compiler/pom.properties";
    /** What a compiler running from a build folder (tests, IDE) reports: it has no descriptor yet. */
    public static final String UNPACKAGED = "development";

    private static final String VERSION = read();

    private CompilerVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = CompilerVersion.class.getResourceAsStream(DESCRIPTOR)) {
            if (in == null) {
                return UNPACKAGED;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", UNPACKAGED);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the compiler's version from " + DESCRIPTOR, e);
        }
    }
}
