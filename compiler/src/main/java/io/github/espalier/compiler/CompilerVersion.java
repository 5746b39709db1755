package io.github.espalier.compiler;

import io.github.espalier.runtime.artifact.ArtifactWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
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

    /**
     * What decides whether outputs of an earlier compilation can be reused: the version, and for snapshot
     * builds also the digest of the compiler and runtime jars, since a rebuilt snapshot keeps its version.
     */
    public static String fingerprint() {
        if (!VERSION.endsWith("-SNAPSHOT") && !VERSION.equals(UNPACKAGED)) {
            return VERSION;
        }
        return VERSION + " " + jarDigest(CompilerVersion.class) + " " + jarDigest(ArtifactWriter.class);
    }

    private static String jarDigest(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        try {
            Path location = source == null ? null : Path.of(source.getLocation().toURI());
            return location != null && Files.isRegularFile(location) ? Digests.sha256(location) : "unpackaged";
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "unknown";
        }
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
