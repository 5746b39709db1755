package io.github.espalier.compiler.codegen;

import com.palantir.javapoet.NameAllocator;
import java.util.Locale;

/** Turns graph value names ({@code input_ids}, {@code last_hidden_state}, {@code 1234}) into Java names. */
final class JavaNames {
    private JavaNames() {}

    /** {@code input_ids} → {@code inputIds}; separators are any non-alphanumeric characters. */
    static String lowerCamel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upperNext = false;
        for (char c : name.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                upperNext = out.length() > 0;
            } else if (out.length() == 0) {
                out.append(Character.toLowerCase(c));
            } else {
                out.append(upperNext ? Character.toUpperCase(c) : c);
                upperNext = false;
            }
        }
        return out.isEmpty() ? "value" : out.toString();
    }

    /** A unique, legal Java identifier for a graph value, allocated in {@code names}. */
    static String allocate(NameAllocator names, String graphName) {
        String camel = lowerCamel(graphName);
        String legal = Character.isJavaIdentifierStart(camel.charAt(0)) ? camel : "v" + camel.toUpperCase(Locale.ROOT);
        return names.newName(legal, graphName);
    }
}
