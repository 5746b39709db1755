package io.github.espalier.runtime.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The added tokens (such as {@code [CLS]}) that are matched in the raw text before normalization, as the
 * HuggingFace added vocabulary does: the leftmost match wins, and the longest among those starting there.
 */
final class AddedTokens {
    /** Receives the text between matches and the ids of matches, in order. */
    interface Sink {
        void text(String segment);

        void token(int id);
    }

    private record Entry(String content, int id) {}

    private final Map<Character, List<Entry>> byFirstChar = new HashMap<>();

    AddedTokens(String[] contents, int[] ids) {
        for (int i = 0; i < contents.length; i++) {
            byFirstChar
                    .computeIfAbsent(contents[i].charAt(0), c -> new ArrayList<>())
                    .add(new Entry(contents[i], ids[i]));
        }
        byFirstChar.values().forEach(list -> list.sort((a, b) -> b.content.length() - a.content.length()));
    }

    void split(String text, Sink sink) {
        if (byFirstChar.isEmpty()) {
            sink.text(text);
            return;
        }
        int segmentStart = 0;
        for (int i = 0; i < text.length(); i++) {
            List<Entry> candidates = byFirstChar.get(text.charAt(i));
            if (candidates == null) {
                continue;
            }
            for (Entry entry : candidates) {
                if (text.startsWith(entry.content, i)) {
                    if (i > segmentStart) {
                        sink.text(text.substring(segmentStart, i));
                    }
                    sink.token(entry.id);
                    segmentStart = i + entry.content.length();
                    i = segmentStart - 1;
                    break;
                }
            }
        }
        if (segmentStart < text.length()) {
            sink.text(text.substring(segmentStart));
        }
    }
}
