package io.github.espalier.compiler.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Replaces or removes one value of a JSON tree with a hostile one: wrong types, boundary numbers, odd
 * strings (unpaired surrogates, NUL, huge), empty and deeply nested containers. Structure-aware, so it
 * reaches the importer's checks behind the JSON parser, unlike byte flips.
 */
final class JsonEdits {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Jackson writes no deeper trees; deeper ones are a byte-level regression test of their own. */
    private static final int MAX_WRITABLE_DEPTH = 990;

    private JsonEdits() {}

    /** Applies one to four edits to a copy of {@code seed}; returns the copy and what was done. */
    static Edited edit(JsonNode seed, Random random) {
        JsonNode root = seed.deepCopy();
        List<String> done = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            done.add(editOnce(root, random));
        }
        return new Edited(root, done);
    }

    record Edited(JsonNode root, List<String> edits) {
        @Override
        public String toString() {
            return edits.toString();
        }
    }

    private static String editOnce(JsonNode root, Random random) {
        List<String> paths = new ArrayList<>();
        List<JsonNode> parents = new ArrayList<>();
        collect(root, "", paths, parents, random);
        int pick = random.nextInt(parents.size());
        JsonNode parent = parents.get(pick);
        String path = paths.get(pick);
        JsonNode value = random.nextInt(5) == 0 ? null : hostileValue(random);
        if (parent instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.isEmpty() || random.nextInt(8) == 0 ? "type" : names.get(random.nextInt(names.size()));
            if (value == null) {
                object.remove(name);
            } else {
                object.set(name, value);
            }
            return path + "/" + name + " = " + abbreviate(value);
        }
        ArrayNode array = (ArrayNode) parent;
        int index = array.isEmpty() ? 0 : random.nextInt(array.size());
        if (value == null && !array.isEmpty()) {
            array.remove(index);
        } else if (!array.isEmpty()) {
            array.set(index, value == null ? NODES.nullNode() : value);
        } else {
            array.add(value == null ? NODES.nullNode() : value);
        }
        return path + "[" + index + "] = " + abbreviate(value);
    }

    /** Every container, except that of the 30,000 vocabulary entries only a few are candidates. */
    private static void collect(JsonNode node, String path, List<String> paths, List<JsonNode> parents, Random random) {
        if (!node.isContainerNode()) {
            return;
        }
        paths.add(path);
        parents.add(node);
        if (path.endsWith("/vocab")) {
            return;
        }
        if (node.isObject()) {
            node.properties().forEach(e -> collect(e.getValue(), path + "/" + e.getKey(), paths, parents, random));
        } else {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", paths, parents, random);
            }
        }
    }

    private static JsonNode hostileValue(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(0);
            case 3 -> NODES.numberNode(Integer.MAX_VALUE);
            case 4 -> NODES.numberNode(Long.MIN_VALUE);
            case 5 -> NODES.numberNode(1e300);
            case 6 -> NODES.booleanNode(random.nextBoolean());
            case 7 -> NODES.textNode("");
            case 8 -> NODES.textNode("\uD800");
            case 9 -> NODES.textNode("a\u0000b");
            case 10 -> NODES.textNode("x".repeat(100_000));
            case 11 -> NODES.arrayNode();
            case 12 -> NODES.objectNode();
            case 13 -> nested(random.nextInt(MAX_WRITABLE_DEPTH));
            case 14 ->
                NODES.textNode(List.of(
                                "WordPiece",
                                "BPE",
                                "Sequence",
                                "BertNormalizer",
                                "TemplateProcessing",
                                "BertPreTokenizer",
                                "Whitespace",
                                "[UNK]",
                                "##")
                        .get(random.nextInt(9)));
            default -> NODES.numberNode(random.nextInt());
        };
    }

    private static JsonNode nested(int depth) {
        ArrayNode top = NODES.arrayNode();
        ArrayNode current = top;
        for (int i = 0; i < depth; i++) {
            current = current.addArray();
        }
        return top;
    }

    private static String abbreviate(JsonNode value) {
        if (value == null) {
            return "(removed)";
        }
        String text = value.isContainerNode() ? value.getNodeType() + " of " + value.size() : value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + " chars)" : text;
    }
}
