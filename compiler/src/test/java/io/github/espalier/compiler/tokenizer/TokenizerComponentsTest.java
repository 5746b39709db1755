package io.github.espalier.compiler.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The other supported normalizers, pre-tokenizers and post-processors, each set into the real
 * all-MiniLM-L6-v2 tokenizer.json and compared with the HuggingFace library on Europarl and edge cases.
 */
class TokenizerComponentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} | {1} | {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{'type':'Sequence','normalizers':[{'type':'NFD'},{'type':'Lowercase'},{'type':'StripAccents'}]}"
                        + " | {'type':'Whitespace'}"
                        + " | {'type':'BertProcessing','sep':['[SEP]',102],'cls':['[CLS]',101]}",
                "{'type':'Sequence','normalizers':[{'type':'NFKC'},{'type':'Strip','strip_left':true,"
                        + "'strip_right':true},{'type':'Replace','pattern':{'String':'the'},'content':'a'}]}"
                        + " | {'type':'Sequence','pretokenizers':[{'type':'WhitespaceSplit'},"
                        + "{'type':'Punctuation','behavior':'Isolated'}]}"
                        + " | null",
                "{'type':'BertNormalizer','clean_text':false,'handle_chinese_chars':false,'strip_accents':false,"
                        + "'lowercase':false} | {'type':'BertPreTokenizer'} | KEEP",
                "{'type':'Sequence','normalizers':[{'type':'NFKD'},{'type':'BertNormalizer','clean_text':true,"
                        + "'handle_chinese_chars':true,'strip_accents':true,'lowercase':false}]}"
                        + " | {'type':'BertPreTokenizer'} | KEEP",
                "{'type':'NFC'} | {'type':'WhitespaceSplit'} | KEEP",
            })
    void matchesHuggingFace(String normalizer, String preTokenizer, String postProcessor) throws Exception {
        Path json = variant(normalizer, preTokenizer, postProcessor);
        List<String> texts = new ArrayList<>(TokenizerExactnessTest.edgeCases());
        texts.addAll(TokenizerFixtures.europarlLines().subList(0, 1_000));
        try (HuggingFaceTokenizer reference = TokenizerFixtures.huggingFace(json, 512)) {
            assertThat(TokenizerExactnessTest.compare(TokenizerFixtures.espalier(json, 512), reference, texts)
                            .mismatches())
                    .isZero();
        }
    }

    private Path variant(String normalizer, String preTokenizer, String postProcessor) throws Exception {
        Path original = TokenizerFixtures.copyFromClasspath(TokenizerFixtures.MINILM, directory);
        ObjectNode root = (ObjectNode) JSON.readTree(original.toFile());
        root.set("normalizer", JSON.readTree(normalizer.replace('\'', '"')));
        root.set("pre_tokenizer", JSON.readTree(preTokenizer.replace('\'', '"')));
        if (!postProcessor.equals("KEEP")) {
            root.set("post_processor", JSON.readTree(postProcessor.replace('\'', '"')));
        }
        Path variant = directory.resolve("variant.json");
        JSON.writeValue(variant.toFile(), root);
        return variant;
    }
}
