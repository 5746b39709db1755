package io.github.espalier.compiler.onnx;

import io.github.espalier.compiler.ir.Graph;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Set;

/**
 * Imports real checkpoints for tests of later stages (passes), without checking that the runtime has a
 * kernel for every operator: those tests are about the graph, not about what can run today.
 */
public final class CheckpointImports {
    private static final Set<String> EVERY_OPERATOR = new AbstractSet<>() {
        @Override
        public boolean contains(Object op) {
            return true;
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    };

    private CheckpointImports() {}

    /** Copies {@code resource} (a model at a checkpoint jar's root, on the test classpath) to {@code folder} and imports it. */
    public static Graph importResource(String resource, Path folder) throws IOException {
        Path target = folder.resolve(resource);
        try (InputStream in = CheckpointImports.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the test classpath");
            }
            Files.copy(in, target);
        }
        return OnnxImporter.importModel(target, EVERY_OPERATOR);
    }
}
