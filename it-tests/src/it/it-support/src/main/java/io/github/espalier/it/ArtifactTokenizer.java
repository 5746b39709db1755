package io.github.espalier.it;

import io.github.espalier.runtime.artifact.ModelArtifact;
import io.github.espalier.runtime.tokenizer.Encoding;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import io.github.espalier.runtime.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The tokenizer compiled into a generated class's artifact, so ONNX Runtime gets exactly the token ids the
 * generated class uses (token ids themselves are checked against HuggingFace in the runtime's tests).
 */
public final class ArtifactTokenizer implements AutoCloseable {
    private final ModelArtifact artifact;
    private final Tokenizer tokenizer;

    private ArtifactTokenizer(ModelArtifact artifact) {
        this.artifact = artifact;
        this.tokenizer = Tokenizers.read(artifact.section("tokenizer")
                .orElseThrow(() -> new IllegalStateException("The artifact has no tokenizer section")));
    }

    /** Reads {@code <SimpleName>.esp}, the resource next to the generated class. */
    public static ArtifactTokenizer of(Class<?> generated) {
        String name = generated.getSimpleName() + ".esp";
        try (InputStream in = generated.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath next to " + generated.getName());
            }
            return new ArtifactTokenizer(ModelArtifact.read(in, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Encoding> encodeBatch(List<String> texts) {
        return tokenizer.encodeBatch(texts);
    }

    @Override
    public void close() {
        artifact.close();
    }
}
