package io.github.espalier.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The checkpoints on the benchmark's classpath, copied out to files for the compiler, which reads paths. */
final class Resources {
    private Resources() {}

    static Path copy(String resource, Path folder) throws IOException {
        Path target = folder.resolve(resource.substring(1));
        try (InputStream in = Resources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
