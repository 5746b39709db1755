package io.github.espalier.compiler.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.espalier.compiler.CompilationException;
import io.github.espalier.runtime.tokenizer.TokenizerFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a HuggingFace {@code tokenizer.json} and writes the compact section the runtime tokenizer reads
 * (layout: {@link TokenizerFormat}). Supports WordPiece (BERT-style) tokenizers; anything else fails with
 * a {@link CompilationException} that names the component and lists what is supported. The file's
 * truncation length is replaced by the build's maximum sequence length, and its padding strategy by "pad a
 * batch to its longest text" (the pad id and pad type id are kept).
 */
public final class TokenizerImporter {
    private static final String SUPPORTED_POST_PROCESSORS = "TemplateProcessing, BertProcessing, none";

    private final String file;
    private final JsonNode root;

    private TokenizerImporter(Path tokenizerJson) {
        this.file = String.valueOf(tokenizerJson);
        try {
            this.root = new ObjectMapper().readTree(tokenizerJson.toFile());
        } catch (IOException e) {
            throw new CompilationException(
                    "Cannot read tokenizer " + file + ": " + e.getMessage()
                            + ". Point the build at the model's HuggingFace tokenizer.json.",
                    e);
        }
    }

    /**
     * @param maxSequenceLength tokens per text after truncation, special tokens included; overrides the
     *     file's truncation setting
     */
    public static byte[] importJson(Path tokenizerJson, int maxSequenceLength) {
        return new TokenizerImporter(tokenizerJson).write(maxSequenceLength);
    }

    private byte[] write(int maxSequenceLength) {
        JsonNode model = root.path("model");
        String modelType = model.path("type").asText("");
        if (!modelType.equals("WordPiece")) {
            throw new CompilationException("Tokenizer " + file + " uses the model '" + modelType
                    + "', which Espalier does not support yet. Supported: WordPiece (BERT-style tokenizers).");
        }
        checkTruncation(root.path("truncation"));
        List<int[]> template = template(root.path("post_processor"));
        int specialTokens =
                template.stream().mapToInt(piece -> piece.length - 1).sum();
        if (maxSequenceLength <= specialTokens) {
            throw new CompilationException("Maximum sequence length " + maxSequenceLength + " leaves no room for"
                    + " text beside the " + specialTokens + " special tokens of " + file + ". Use a larger value.");
        }

        SectionWriter out = new SectionWriter()
                .writeInt(TokenizerFormat.MAGIC)
                .writeShort(TokenizerFormat.VERSION)
                .writeInt(maxSequenceLength);
        PipelineImporter pipeline = new PipelineImporter(file);
        pipeline.writeNormalizers(root.get("normalizer"), out);
        pipeline.writePreTokenizers(root.get("pre_tokenizer"), out);
        Map<String, Integer> vocab = writeWordPiece(model, out);
        writeAddedTokens(root.path("added_tokens"), out);
        out.writeInt(template.size());
        for (int[] piece : template) {
            // piece[0] is the type id; a sequence has no ids, a special token has at least one.
            boolean sequence = piece.length == 1;
            out.writeByte(sequence ? TokenizerFormat.TEMPLATE_SEQUENCE : TokenizerFormat.TEMPLATE_SPECIAL)
                    .writeInt(piece[0]);
            if (!sequence) {
                out.writeInt(piece.length - 1);
                for (int i = 1; i < piece.length; i++) {
                    out.writeInt(piece[i]);
                }
            }
        }
        writePadding(root.path("padding"), vocab, out);
        return out.toByteArray();
    }

    private Map<String, Integer> writeWordPiece(JsonNode model, SectionWriter out) {
        JsonNode vocabNode = model.path("vocab");
        if (!vocabNode.isObject() || vocabNode.isEmpty()) {
            throw invalid("model.vocab must be a non-empty object of token to id");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocabNode.properties().forEach(entry -> vocab.put(entry.getKey(), nonNegative(entry.getValue(), "vocab id")));
        String unkToken = model.path("unk_token").asText("[UNK]");
        if (!vocab.containsKey(unkToken)) {
            throw invalid("the unk_token '" + unkToken + "' is not in model.vocab");
        }
        out.writeString(unkToken)
                .writeString(model.path("continuing_subword_prefix").asText("##"))
                .writeInt(nonNegative(model.path("max_input_chars_per_word"), 100, "max_input_chars_per_word"))
                .writeInt(vocab.size());
        vocab.forEach((token, id) -> out.writeString(token).writeInt(id));
        return vocab;
    }

    private void writeAddedTokens(JsonNode addedTokens, SectionWriter out) {
        List<JsonNode> tokens = new ArrayList<>();
        addedTokens.forEach(tokens::add);
        out.writeInt(tokens.size());
        for (JsonNode token : tokens) {
            String content = token.path("content").asText("");
            for (String option : List.of("normalized", "lstrip", "rstrip", "single_word")) {
                if (token.path(option).asBoolean(false)) {
                    throw new CompilationException("Tokenizer " + file + " has the added token '" + content + "' with "
                            + option + "=true, which Espalier does not support. Supported: added tokens matched"
                            + " as they are in the raw text (normalized, lstrip, rstrip, single_word all false).");
                }
            }
            if (content.isEmpty()) {
                throw invalid("an added token has no content");
            }
            out.writeString(content).writeInt(nonNegative(token.path("id"), "added token id"));
        }
    }

    /** Each piece is {type id} for the text or {type id, ids...} for a special token. */
    private List<int[]> template(JsonNode postProcessor) {
        List<int[]> pieces = new ArrayList<>();
        if (postProcessor.isMissingNode() || postProcessor.isNull()) {
            pieces.add(new int[] {0});
            return pieces;
        }
        String type = postProcessor.path("type").asText("");
        switch (type) {
            case "BertProcessing" -> {
                pieces.add(new int[] {0, nonNegative(postProcessor.path("cls").path(1), "cls id")});
                pieces.add(new int[] {0});
                pieces.add(new int[] {0, nonNegative(postProcessor.path("sep").path(1), "sep id")});
            }
            case "TemplateProcessing" -> {
                JsonNode specialTokens = postProcessor.path("special_tokens");
                for (JsonNode piece : postProcessor.path("single")) {
                    if (piece.has("Sequence")) {
                        pieces.add(new int[] {nonNegative(piece.path("Sequence").path("type_id"), "type_id")});
                    } else {
                        JsonNode special = piece.path("SpecialToken");
                        String id = special.path("id").asText();
                        JsonNode ids = specialTokens.path(id).path("ids");
                        if (!ids.isArray() || ids.isEmpty()) {
                            throw invalid("the template's special token '" + id + "' has no ids in special_tokens");
                        }
                        int[] entry = new int[ids.size() + 1];
                        entry[0] = nonNegative(special.path("type_id"), "type_id");
                        for (int i = 0; i < ids.size(); i++) {
                            entry[i + 1] = nonNegative(ids.get(i), "special token id");
                        }
                        pieces.add(entry);
                    }
                }
                if (pieces.stream().filter(piece -> piece.length == 1).count() != 1) {
                    throw invalid("post_processor.single must contain the sequence $A exactly once");
                }
            }
            default ->
                throw new CompilationException("Tokenizer " + file + " uses the post-processor '" + type
                        + "', which Espalier does not support. Supported: " + SUPPORTED_POST_PROCESSORS + ".");
        }
        return pieces;
    }

    /** max_length is replaced by the build's maximum sequence length; the rest must match what we do. */
    private void checkTruncation(JsonNode truncation) {
        if (truncation.isMissingNode() || truncation.isNull()) {
            return;
        }
        String direction = truncation.path("direction").asText("Right");
        String strategy = truncation.path("strategy").asText("LongestFirst");
        if (!direction.equals("Right") || !(strategy.equals("LongestFirst") || strategy.equals("OnlyFirst"))) {
            throw new CompilationException("Tokenizer " + file + " truncates with direction " + direction
                    + " and strategy " + strategy + ", which Espalier does not support. Supported: direction Right,"
                    + " strategy LongestFirst or OnlyFirst.");
        }
    }

    /** Padding goes to the longest text of a batch; without a padding section the id of [PAD] (or 0) pads. */
    private void writePadding(JsonNode padding, Map<String, Integer> vocab, SectionWriter out) {
        if (padding.isMissingNode() || padding.isNull()) {
            out.writeInt(vocab.getOrDefault("[PAD]", 0)).writeInt(0);
            return;
        }
        String direction = padding.path("direction").asText("Right");
        if (!direction.equals("Right")) {
            throw new CompilationException("Tokenizer " + file + " pads on the " + direction
                    + ", which Espalier does not support. Supported: padding direction Right.");
        }
        out.writeInt(nonNegative(padding.path("pad_id"), 0, "pad_id"))
                .writeInt(nonNegative(padding.path("pad_type_id"), 0, "pad_type_id"));
    }

    private int nonNegative(JsonNode value, String what) {
        if (!value.canConvertToInt() || value.asInt() < 0) {
            throw invalid(what + " must be a non-negative integer, got " + value);
        }
        return value.asInt();
    }

    private int nonNegative(JsonNode value, int fallback, String what) {
        return value.isMissingNode() || value.isNull() ? fallback : nonNegative(value, what);
    }

    private CompilationException invalid(String detail) {
        return new CompilationException("Invalid tokenizer " + file + ": " + detail
                + ". Use the tokenizer.json that the HuggingFace tokenizers library saved for the model.");
    }
}
