package io.github.espalier.runtime.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A BERT-style tokenizer: added tokens, normalizers, pre-tokenizers, WordPiece, right truncation, the
 * single-sequence template and right padding. Immutable and safe to share between threads.
 */
final class WordPieceTokenizer implements Tokenizer {
    /** One piece of the single-sequence template: special ids, or the text's tokens when ids is null. */
    record TemplatePiece(int[] ids, int typeId) {
        boolean isSequence() {
            return ids == null;
        }
    }

    private final int maxLength;
    private final List<TextNormalizer> normalizers;
    private final List<PreTokenizer> preTokenizers;
    private final AddedTokens addedTokens;
    private final WordPiece model;
    private final List<TemplatePiece> template;
    private final int specialTokenCount;
    private final int padId;
    private final int padTypeId;

    WordPieceTokenizer(
            int maxLength,
            List<TextNormalizer> normalizers,
            List<PreTokenizer> preTokenizers,
            AddedTokens addedTokens,
            WordPiece model,
            List<TemplatePiece> template,
            int padId,
            int padTypeId) {
        this.maxLength = maxLength;
        this.normalizers = List.copyOf(normalizers);
        this.preTokenizers = List.copyOf(preTokenizers);
        this.addedTokens = addedTokens;
        this.model = model;
        this.template = List.copyOf(template);
        this.specialTokenCount = template.stream()
                .filter(piece -> !piece.isSequence())
                .mapToInt(piece -> piece.ids().length)
                .sum();
        this.padId = padId;
        this.padTypeId = padTypeId;
    }

    @Override
    public Encoding encode(String text) {
        Objects.requireNonNull(text, "text to encode must not be null");
        int limit = maxLength - specialTokenCount;
        IdList tokens = new IdList();
        // Tokens past the limit would be truncated anyway, so the rest of a long text is skipped.
        addedTokens.split(text, new AddedTokens.Sink() {
            @Override
            public void text(String segment) {
                if (tokens.size() < limit) {
                    for (String word : words(normalize(segment))) {
                        model.tokenize(word, tokens);
                        if (tokens.size() >= limit) {
                            break;
                        }
                    }
                }
            }

            @Override
            public void token(int id) {
                tokens.add(id);
            }
        });
        tokens.truncate(Math.min(tokens.size(), limit));
        return applyTemplate(tokens);
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    private String normalize(String text) {
        String result = text;
        for (TextNormalizer normalizer : normalizers) {
            result = normalizer.normalize(result);
        }
        return result;
    }

    private List<String> words(String text) {
        List<String> words = List.of(text);
        for (PreTokenizer preTokenizer : preTokenizers) {
            List<String> split = new ArrayList<>();
            for (String word : words) {
                preTokenizer.split(word, split);
            }
            words = split;
        }
        return words;
    }

    private Encoding applyTemplate(IdList tokens) {
        int length = tokens.size() + specialTokenCount;
        long[] ids = new long[length];
        long[] typeIds = new long[length];
        int at = 0;
        for (TemplatePiece piece : template) {
            if (piece.isSequence()) {
                for (int i = 0; i < tokens.size(); i++) {
                    typeIds[at] = piece.typeId();
                    ids[at++] = tokens.get(i);
                }
            } else {
                for (int id : piece.ids()) {
                    typeIds[at] = piece.typeId();
                    ids[at++] = id;
                }
            }
        }
        long[] mask = new long[length];
        Arrays.fill(mask, 1);
        return new Encoding(ids, typeIds, mask);
    }

    @Override
    public Encoding pad(Encoding encoding, int length) {
        int from = encoding.length();
        if (from == length) {
            return encoding;
        }
        long[] ids = Arrays.copyOf(encoding.ids(), length);
        long[] typeIds = Arrays.copyOf(encoding.typeIds(), length);
        long[] mask = Arrays.copyOf(encoding.attentionMask(), length);
        Arrays.fill(ids, from, length, padId);
        Arrays.fill(typeIds, from, length, padTypeId);
        return new Encoding(ids, typeIds, mask);
    }
}
