package io.github.espalier.compiler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests of files and of labelled parts, as lower-case hex. */
public final class Digests {
    private Digests() {}

    public static String sha256(Path file) {
        return builder().addFileBytes(file).hex();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Feeds labelled, length-prefixed parts into one digest, so no two different inputs run together. */
    public static final class Builder {
        private final MessageDigest digest;

        private Builder() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every JDK has SHA-256", e);
            }
        }

        public Builder add(String label, String value) {
            part(label);
            part(value);
            return this;
        }

        public Builder addFile(String label, Path file) {
            part(label);
            return addFileBytes(file);
        }

        public String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }

        private void part(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }

        private Builder addFileBytes(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
                return this;
            } catch (IOException e) {
                throw new CompilationException("Cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
    }
}
