package io.github.espalier.runtime.tokenizer;

import io.github.espalier.runtime.EspalierException;
import java.lang.foreign.MemorySegment;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/** Reads the compact tokenizer section that the compiler wrote into an artifact (see {@link TokenizerFormat}). */
public final class Tokenizers {
    private Tokenizers() {}

    /**
     * @throws EspalierException if the section is truncated, has another version or is otherwise corrupt
     */
    public static Tokenizer read(MemorySegment section) {
        SectionReader in = new SectionReader(section);
        if (in.readInt() != TokenizerFormat.MAGIC) {
            throw in.corrupt("not a tokenizer section (bad magic number)");
        }
        short version = in.readShort();
        if (version != TokenizerFormat.VERSION) {
            throw new EspalierException("Tokenizer section version " + version + " is not supported by this runtime,"
                    + " which reads version " + TokenizerFormat.VERSION
                    + ". Use the Espalier runtime that matches the compiler that built the artifact.");
        }
        int maxLength = in.readInt("max length", 1);
        List<TextNormalizer> normalizers = readNormalizers(in);
        List<PreTokenizer> preTokenizers = readPreTokenizers(in);

        String unkToken = in.readString();
        String prefix = in.readString();
        int maxInputCharsPerWord = in.readInt("max input chars per word", 0);
        int vocabSize = in.readCount("vocabulary size", 8);
        String[] tokens = new String[vocabSize];
        int[] ids = new int[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            tokens[i] = in.readString();
            ids[i] = in.readInt("token id", 0);
        }
        VocabIndex vocab = new VocabIndex(tokens, ids);
        int unkId = vocab.find(unkToken);
        if (unkId < 0) {
            throw in.corrupt("the unknown token '" + unkToken + "' is not in the vocabulary");
        }
        WordPiece model = new WordPiece(vocab, prefix, maxInputCharsPerWord, unkId);

        int addedCount = in.readCount("added token count", 9);
        String[] addedContents = new String[addedCount];
        int[] addedIds = new int[addedCount];
        for (int i = 0; i < addedCount; i++) {
            addedContents[i] = in.readString();
            addedIds[i] = in.readInt("added token id", 0);
            if (addedContents[i].isEmpty()) {
                throw in.corrupt("an added token is empty");
            }
        }
        List<WordPieceTokenizer.TemplatePiece> template = readTemplate(in, maxLength);
        int padId = in.readInt("pad id", 0);
        int padTypeId = in.readInt("pad type id", 0);
        in.requireEnd();
        return new WordPieceTokenizer(
                maxLength,
                normalizers,
                preTokenizers,
                new AddedTokens(addedContents, addedIds),
                model,
                template,
                padId,
                padTypeId);
    }

    private static List<TextNormalizer> readNormalizers(SectionReader in) {
        int count = in.readCount("normalizer count", 1);
        List<TextNormalizer> normalizers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte code = in.readByte();
            normalizers.add(
                    switch (code) {
                        case TokenizerFormat.NORMALIZER_BERT -> {
                            int flags = in.readByte();
                            yield Normalizers.bert(
                                    (flags & TokenizerFormat.BERT_CLEAN_TEXT) != 0,
                                    (flags & TokenizerFormat.BERT_HANDLE_CHINESE_CHARS) != 0,
                                    (flags & TokenizerFormat.BERT_STRIP_ACCENTS) != 0,
                                    (flags & TokenizerFormat.BERT_LOWERCASE) != 0);
                        }
                        case TokenizerFormat.NORMALIZER_NFD -> Normalizers.unicode(Normalizer.Form.NFD);
                        case TokenizerFormat.NORMALIZER_NFC -> Normalizers.unicode(Normalizer.Form.NFC);
                        case TokenizerFormat.NORMALIZER_NFKD -> Normalizers.unicode(Normalizer.Form.NFKD);
                        case TokenizerFormat.NORMALIZER_NFKC -> Normalizers.unicode(Normalizer.Form.NFKC);
                        case TokenizerFormat.NORMALIZER_LOWERCASE -> Normalizers.lowercase();
                        case TokenizerFormat.NORMALIZER_STRIP_ACCENTS -> Normalizers.stripAccents();
                        case TokenizerFormat.NORMALIZER_STRIP -> Normalizers.strip(in.readBoolean(), in.readBoolean());
                        case TokenizerFormat.NORMALIZER_REPLACE ->
                            Normalizers.replace(in.readString(), in.readString());
                        default -> throw in.corrupt("unknown normalizer code " + code);
                    });
        }
        return normalizers;
    }

    private static List<PreTokenizer> readPreTokenizers(SectionReader in) {
        int count = in.readCount("pre-tokenizer count", 1);
        List<PreTokenizer> preTokenizers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte code = in.readByte();
            preTokenizers.add(
                    switch (code) {
                        case TokenizerFormat.PRE_TOKENIZER_BERT -> PreTokenizer.bert();
                        case TokenizerFormat.PRE_TOKENIZER_WHITESPACE -> PreTokenizer.whitespace();
                        case TokenizerFormat.PRE_TOKENIZER_WHITESPACE_SPLIT -> PreTokenizer.whitespaceSplit();
                        case TokenizerFormat.PRE_TOKENIZER_PUNCTUATION -> PreTokenizer.punctuation();
                        default -> throw in.corrupt("unknown pre-tokenizer code " + code);
                    });
        }
        return preTokenizers;
    }

    private static List<WordPieceTokenizer.TemplatePiece> readTemplate(SectionReader in, int maxLength) {
        int count = in.readCount("template length", 5);
        List<WordPieceTokenizer.TemplatePiece> template = new ArrayList<>(count);
        int specialIds = 0;
        int sequences = 0;
        for (int i = 0; i < count; i++) {
            byte kind = in.readByte();
            int typeId = in.readInt("type id", 0);
            if (kind == TokenizerFormat.TEMPLATE_SEQUENCE) {
                sequences++;
                template.add(new WordPieceTokenizer.TemplatePiece(null, typeId));
            } else if (kind == TokenizerFormat.TEMPLATE_SPECIAL) {
                int[] ids = new int[in.readCount("special token id count", 4)];
                for (int j = 0; j < ids.length; j++) {
                    ids[j] = in.readInt("special token id", 0);
                }
                specialIds += ids.length;
                template.add(new WordPieceTokenizer.TemplatePiece(ids, typeId));
            } else {
                throw in.corrupt("unknown template piece kind " + kind);
            }
        }
        if (sequences != 1) {
            throw in.corrupt("the template has " + sequences + " text sequences, expected 1");
        }
        if (specialIds >= maxLength) {
            throw in.corrupt("max length " + maxLength + " leaves no room beside " + specialIds + " special tokens");
        }
        return template;
    }
}
