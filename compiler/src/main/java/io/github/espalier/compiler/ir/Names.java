package io.github.espalier.compiler.ir;

import java.util.Map;

/** Names for values a pass adds to a graph. */
public final class Names {
    private Names() {}

    /** {@code base}, or {@code base_1}, {@code base_2}… : the first that is not a key of {@code taken}. */
    public static String unused(Map<String, ?> taken, String base) {
        String name = base;
        for (int i = 1; taken.containsKey(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
