package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.onnx.CheckpointImports;
import io.github.espalier.compiler.passes.Optimizer;
import io.github.espalier.compiler.tokenizer.TokenizerImporter;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import io.github.espalier.runtime.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real all-MiniLM-L6-v2 fp32 checkpoint and its tokenizer, from the test classpath, fused once per JVM. */
public final class MiniLmFixture {
    public static final String OUTPUT = "last_hidden_state";

    private MiniLmFixture() {}

    public static Graph fused() {
        return Holder.FUSED;
    }

    public static Tokenizer tokenizer() {
        return Holder.TOKENIZER;
    }

    private static final class Holder {
        static final Graph FUSED;
        static final Tokenizer TOKENIZER;

        static {
            try {
                Path folder = Files.createTempDirectory("minilm");
                FUSED = Optimizer.fusing().optimize(CheckpointImports.importResource("all-minilm-l6-v2.onnx", folder));
                Path json = folder.resolve("tokenizer.json");
                try (InputStream in = MiniLmFixture.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
                    Files.copy(in, json);
                }
                TOKENIZER = Tokenizers.read(MemorySegment.ofArray(TokenizerImporter.importJson(json, 128)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
