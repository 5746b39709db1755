package io.github.espalier.runtime.tokenizer;

/**
 * The layout of the tokenizer section, shared by the compiler that writes it and the runtime that reads
 * it. Big-endian, written with {@code DataOutputStream}; strings are an int byte count and UTF-8 bytes.
 *
 * <pre>
 * int magic, short version, int maxLength
 * int n, n normalizer steps     (byte code + parameters, see NORMALIZER_*)
 * int n, n pre-tokenizer steps  (byte code)
 * WordPiece: string unkToken, string continuingSubwordPrefix, int maxInputCharsPerWord,
 *            int n, n × (string token, int id)
 * int n, n × added token matched in the raw text (string content, int id)
 * int n, n × template piece (byte kind, int typeId, for SPECIAL: int count, count × int id)
 * int padId, int padTypeId
 * </pre>
 */
public final class TokenizerFormat {
    public static final int MAGIC = 0x4553544B; // "ESTK"
    public static final short VERSION = 1;

    /** Parameters: byte flags, see {@code BERT_*}. */
    public static final byte NORMALIZER_BERT = 1;

    public static final byte NORMALIZER_NFD = 2;
    public static final byte NORMALIZER_NFC = 3;
    public static final byte NORMALIZER_NFKD = 4;
    public static final byte NORMALIZER_NFKC = 5;
    public static final byte NORMALIZER_LOWERCASE = 6;
    public static final byte NORMALIZER_STRIP_ACCENTS = 7;
    /** Parameters: boolean left, boolean right. */
    public static final byte NORMALIZER_STRIP = 8;
    /** Parameters: string pattern (literal), string content. */
    public static final byte NORMALIZER_REPLACE = 9;

    public static final int BERT_CLEAN_TEXT = 1;
    public static final int BERT_HANDLE_CHINESE_CHARS = 2;
    public static final int BERT_STRIP_ACCENTS = 4;
    public static final int BERT_LOWERCASE = 8;

    public static final byte PRE_TOKENIZER_BERT = 1;
    public static final byte PRE_TOKENIZER_WHITESPACE = 2;
    public static final byte PRE_TOKENIZER_WHITESPACE_SPLIT = 3;
    public static final byte PRE_TOKENIZER_PUNCTUATION = 4;

    public static final byte TEMPLATE_SPECIAL = 0;
    public static final byte TEMPLATE_SEQUENCE = 1;

    private TokenizerFormat() {}
}
