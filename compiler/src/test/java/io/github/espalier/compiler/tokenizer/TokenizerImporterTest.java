package io.github.espalier.compiler.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.espalier.compiler.CompilationException;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the importer rejects, and how it says so. */
class TokenizerImporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/model | {'type':'BPE','vocab':{},'merges':[]} | 'BPE' | WordPiece",
                "/model | {'type':'Unigram','vocab':[]} | 'Unigram' | WordPiece",
                "/normalizer | {'type':'Precompiled','precompiled_charsmap':''} | 'Precompiled' | BertNormalizer",
                "/normalizer | {'type':'Replace','pattern':{'Regex':'\\\\s+'},'content':' '} | regex | Replace",
                "/pre_tokenizer | {'type':'ByteLevel','add_prefix_space':false} | 'ByteLevel' | BertPreTokenizer",
                "/pre_tokenizer | {'type':'Punctuation','behavior':'Removed'} | behavior Removed | Isolated",
                "/post_processor | {'type':'RobertaProcessing'} | 'RobertaProcessing' | TemplateProcessing",
                "/truncation | {'direction':'Left','max_length':128,'strategy':'LongestFirst'} | Left | direction Right",
                "/padding | {'direction':'Left','pad_id':0} | Left | padding direction Right",
            })
    void rejectsUnsupportedComponentsNamingThemAndWhatIsSupported(
            String field, String value, String named, String supported) throws Exception {
        Path json = withField(field.substring(1), value);
        assertThatThrownBy(() -> TokenizerImporter.importJson(json, 128))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining(named)
                .hasMessageContaining("Supported")
                .hasMessageContaining(supported)
                .hasMessageContaining(json.toString());
    }

    @Test
    void rejectsAnAddedTokenThatIsMatchedAfterNormalization() throws Exception {
        Path json = withField(
                "added_tokens",
                "[{'id':0,'content':'[PAD]','single_word':false,'lstrip':false,'rstrip':false,'normalized':true}]");
        assertThatThrownBy(() -> TokenizerImporter.importJson(json, 128))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("[PAD]")
                .hasMessageContaining("normalized");
    }

    @Test
    void rejectsAMaximumLengthWithNoRoomForText() {
        Path json = TokenizerFixtures.copyFromClasspath(TokenizerFixtures.MINILM, directory);
        assertThatThrownBy(() -> TokenizerImporter.importJson(json, 2))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("2 special tokens");
        assertThat(TokenizerFixtures.espalier(json, 3).encode("hello world").length())
                .isEqualTo(3);
    }

    @Test
    void rejectsAMissingFile() {
        assertThatThrownBy(() -> TokenizerImporter.importJson(directory.resolve("absent.json"), 128))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("absent.json");
    }

    @Test
    void overridesTheFilesMaximumLength() {
        Path json = TokenizerFixtures.copyFromClasspath(TokenizerFixtures.MINILM, directory);
        Tokenizer tokenizer = TokenizerFixtures.espalier(json, 256);
        assertThat(tokenizer.maxLength()).isEqualTo(256);
        assertThat(tokenizer.encode("word ".repeat(1_000)).length()).isEqualTo(256);
    }

    private Path withField(String field, String value) throws Exception {
        Path original = TokenizerFixtures.copyFromClasspath(TokenizerFixtures.MINILM, directory);
        ObjectNode root = (ObjectNode) JSON.readTree(original.toFile());
        root.set(field, JSON.readTree(value.replace('\'', '"')));
        Path variant = directory.resolve("variant.json");
        JSON.writeValue(variant.toFile(), root);
        return variant;
    }
}
