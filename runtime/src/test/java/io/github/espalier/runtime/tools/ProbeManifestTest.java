package io.github.espalier.runtime.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.EspalierException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeManifestTest {
    private static Map<String, String> key() {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("compilerVersion", "0.1.0-SNAPSHOT 12ab unpackaged");
        key.put(ProbeManifest.BATCH_SIZE, "2");
        key.put(ProbeManifest.SEQUENCE_LENGTH, "128");
        key.put(ProbeManifest.THREADS, "4");
        return key;
    }

    @Test
    void readsBackWhatItWrote(@TempDir Path folder) throws Exception {
        ProbeManifest manifest = new ProbeManifest(
                key(),
                List.of(
                        new ProbeManifest.Variant("variant-0.esp", "12h/1536 dropped"),
                        new ProbeManifest.Variant("variant-1.esp", "12h/1536 12h/1536")));

        manifest.write(folder);
        ProbeManifest read = ProbeManifest.read(folder);

        assertThat(read).isEqualTo(manifest);
        assertThat(read.key().keySet()).containsExactlyElementsOf(key().keySet());
        assertThat(List.of(read.batchSize(), read.sequenceLength(), read.threads()))
                .containsExactly(2, 128, 4);
        assertThat(Files.readString(folder.resolve(ProbeManifest.FILE_NAME))).contains(LatencyProbe.class.getName());
    }

    @Test
    void namesTheLineItCannotRead(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve(ProbeManifest.FILE_NAME), "# comment\nkey threads 2\nvariant-0.esp 1h/8\n");

        assertThatThrownBy(() -> ProbeManifest.read(folder))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("variant-0.esp 1h/8");
    }

    @Test
    void needsTheShapeAndThreadsToTimeWith(@TempDir Path folder) throws Exception {
        Files.writeString(
                folder.resolve(ProbeManifest.FILE_NAME), "key batchSize 1\nkey sequenceLength 128\nkey threads two\n");

        assertThatThrownBy(() -> ProbeManifest.read(folder))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("key 'threads' must be a positive whole number, got two");
    }

    @Test
    void refusesValuesThatWouldBreakTheLineFormat() {
        Map<String, String> key = key();
        key.put("model", "two\nlines");

        assertThatThrownBy(() -> new ProbeManifest(key, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key value must fit on one line");
        assertThatThrownBy(() -> new ProbeManifest.Variant("a file.esp", "1h/8"))
                .hasMessageContaining("artifact file name must be one word");
    }

    @Test
    void saysWhichBundleHasNoManifest(@TempDir Path folder) {
        assertThatThrownBy(() -> ProbeManifest.read(folder))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining(folder.resolve(ProbeManifest.FILE_NAME).toString());
    }
}
