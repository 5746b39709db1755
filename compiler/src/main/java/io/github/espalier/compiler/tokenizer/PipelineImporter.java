package io.github.espalier.compiler.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.espalier.compiler.CompilationException;
import io.github.espalier.runtime.tokenizer.TokenizerFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the {@code normalizer} and {@code pre_tokenizer} of a tokenizer.json into flat step lists;
 * a {@code Sequence} is flattened, since its steps run one after the other.
 */
final class PipelineImporter {
    static final String SUPPORTED_NORMALIZERS =
            "BertNormalizer, Sequence, NFD, NFC, NFKD, NFKC, Lowercase, StripAccents, Strip, Replace (string pattern)";
    static final String SUPPORTED_PRE_TOKENIZERS =
            "BertPreTokenizer, Whitespace, WhitespaceSplit, Punctuation" + " (behavior Isolated), Sequence";

    private final String file;

    PipelineImporter(String file) {
        this.file = file;
    }

    void writeNormalizers(JsonNode normalizer, SectionWriter out) {
        List<Consumer<SectionWriter>> steps = new ArrayList<>();
        collectNormalizers(normalizer, steps);
        out.writeInt(steps.size());
        steps.forEach(step -> step.accept(out));
    }

    void writePreTokenizers(JsonNode preTokenizer, SectionWriter out) {
        List<Byte> steps = new ArrayList<>();
        collectPreTokenizers(preTokenizer, steps);
        out.writeInt(steps.size());
        steps.forEach(out::writeByte);
    }

    private void collectNormalizers(JsonNode node, List<Consumer<SectionWriter>> steps) {
        if (node == null || node.isNull()) {
            return;
        }
        String type = node.path("type").asText("");
        switch (type) {
            case "Sequence" -> node.path("normalizers").forEach(child -> collectNormalizers(child, steps));
            case "BertNormalizer" -> {
                boolean lowercase = node.path("lowercase").asBoolean(true);
                JsonNode stripAccents = node.path("strip_accents");
                boolean strip = stripAccents.isBoolean() ? stripAccents.asBoolean() : lowercase;
                int flags = (node.path("clean_text").asBoolean(true) ? TokenizerFormat.BERT_CLEAN_TEXT : 0)
                        | (node.path("handle_chinese_chars").asBoolean(true)
                                ? TokenizerFormat.BERT_HANDLE_CHINESE_CHARS
                                : 0)
                        | (strip ? TokenizerFormat.BERT_STRIP_ACCENTS : 0)
                        | (lowercase ? TokenizerFormat.BERT_LOWERCASE : 0);
                steps.add(out -> out.writeByte(TokenizerFormat.NORMALIZER_BERT).writeByte(flags));
            }
            case "NFD" -> steps.add(out -> out.writeByte(TokenizerFormat.NORMALIZER_NFD));
            case "NFC" -> steps.add(out -> out.writeByte(TokenizerFormat.NORMALIZER_NFC));
            case "NFKD" -> steps.add(out -> out.writeByte(TokenizerFormat.NORMALIZER_NFKD));
            case "NFKC" -> steps.add(out -> out.writeByte(TokenizerFormat.NORMALIZER_NFKC));
            case "Lowercase" -> steps.add(out -> out.writeByte(TokenizerFormat.NORMALIZER_LOWERCASE));
            case "StripAccents" -> steps.add(out -> out.writeByte(TokenizerFormat.NORMALIZER_STRIP_ACCENTS));
            case "Strip" -> {
                boolean left = node.path("strip_left").asBoolean(true);
                boolean right = node.path("strip_right").asBoolean(true);
                steps.add(out -> out.writeByte(TokenizerFormat.NORMALIZER_STRIP)
                        .writeBoolean(left)
                        .writeBoolean(right));
            }
            case "Replace" -> {
                JsonNode pattern = node.path("pattern").path("String");
                if (!pattern.isTextual()) {
                    throw unsupported("normalizer Replace with a regex pattern", SUPPORTED_NORMALIZERS);
                }
                String content = node.path("content").asText();
                steps.add(out -> out.writeByte(TokenizerFormat.NORMALIZER_REPLACE)
                        .writeString(pattern.asText())
                        .writeString(content));
            }
            default -> throw unsupported("normalizer '" + type + "'", SUPPORTED_NORMALIZERS);
        }
    }

    private void collectPreTokenizers(JsonNode node, List<Byte> steps) {
        if (node == null || node.isNull()) {
            return;
        }
        String type = node.path("type").asText("");
        switch (type) {
            case "Sequence" -> node.path("pretokenizers").forEach(child -> collectPreTokenizers(child, steps));
            case "BertPreTokenizer" -> steps.add(TokenizerFormat.PRE_TOKENIZER_BERT);
            case "Whitespace" -> steps.add(TokenizerFormat.PRE_TOKENIZER_WHITESPACE);
            case "WhitespaceSplit" -> steps.add(TokenizerFormat.PRE_TOKENIZER_WHITESPACE_SPLIT);
            case "Punctuation" -> {
                String behavior = node.path("behavior").asText("Isolated");
                if (!behavior.equals("Isolated")) {
                    throw unsupported("pre-tokenizer Punctuation with behavior " + behavior, SUPPORTED_PRE_TOKENIZERS);
                }
                steps.add(TokenizerFormat.PRE_TOKENIZER_PUNCTUATION);
            }
            default -> throw unsupported("pre-tokenizer '" + type + "'", SUPPORTED_PRE_TOKENIZERS);
        }
    }

    private CompilationException unsupported(String what, String supported) {
        return new CompilationException("Tokenizer " + file + " uses " + what
                + ", which Espalier does not support. Supported: " + supported + ".");
    }
}
