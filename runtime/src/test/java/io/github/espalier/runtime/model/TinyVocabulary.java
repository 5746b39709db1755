package io.github.espalier.runtime.model;

import io.github.espalier.runtime.tokenizer.TokenizerFormat;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A BERT-style WordPiece tokenizer section (uncased, [CLS] text [SEP]) whose vocabulary holds every ASCII
 * letter and digit, alone and as a "##" continuation, so any text tokenizes without [UNK] for most words.
 */
final class TinyVocabulary {
    /** Tokens per text after truncation, the two special tokens included. */
    static final int MAX_LENGTH = 24;

    private static final List<String> TOKENS = tokens();

    private TinyVocabulary() {}

    static int size() {
        return TOKENS.size();
    }

    private static List<String> tokens() {
        List<String> tokens = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cat", "sat"));
        String symbols = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (char c : symbols.toCharArray()) {
            tokens.add(String.valueOf(c));
            tokens.add("##" + c);
        }
        tokens.addAll(List.of(".", ",", "!", "?"));
        return List.copyOf(tokens);
    }

    /** The section as {@link TokenizerFormat} lays it out. */
    static byte[] tokenizerSection() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(TokenizerFormat.MAGIC);
            out.writeShort(TokenizerFormat.VERSION);
            out.writeInt(MAX_LENGTH);
            out.writeInt(1);
            out.writeByte(TokenizerFormat.NORMALIZER_BERT);
            out.writeByte(TokenizerFormat.BERT_CLEAN_TEXT
                    | TokenizerFormat.BERT_HANDLE_CHINESE_CHARS
                    | TokenizerFormat.BERT_STRIP_ACCENTS
                    | TokenizerFormat.BERT_LOWERCASE);
            out.writeInt(1);
            out.writeByte(TokenizerFormat.PRE_TOKENIZER_BERT);
            writeString(out, "[UNK]");
            writeString(out, "##");
            out.writeInt(100);
            out.writeInt(TOKENS.size());
            for (int id = 0; id < TOKENS.size(); id++) {
                writeString(out, TOKENS.get(id));
                out.writeInt(id);
            }
            out.writeInt(0);
            out.writeInt(3);
            writeSpecial(out, TOKENS.indexOf("[CLS]"));
            out.writeByte(TokenizerFormat.TEMPLATE_SEQUENCE);
            out.writeInt(0);
            writeSpecial(out, TOKENS.indexOf("[SEP]"));
            out.writeInt(TOKENS.indexOf("[PAD]"));
            out.writeInt(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeSpecial(DataOutputStream out, int id) throws IOException {
        out.writeByte(TokenizerFormat.TEMPLATE_SPECIAL);
        out.writeInt(0);
        out.writeInt(1);
        out.writeInt(id);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
