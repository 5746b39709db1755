package io.github.espalier.compiler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Validates target names before any work starts, so a wrong name fails the build, never the user's JVM. */
public final class Targets {
    /** The CPU targets this build compiles; each one compiles to the same pure-Java artifact for now. */
    public static final List<String> CPU = List.of("host", "x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4");

    private Targets() {}

    /**
     * Returns the targets normalized (trimmed, lower case, duplicates removed, order kept); an empty list
     * means {@code host}.
     *
     * @throws CompilationException for an unknown name, or for {@code cuda} which this build cannot
     *     compile yet (better than a jar that fails at run time)
     */
    public static List<String> validate(List<String> requested) {
        Set<String> targets = new LinkedHashSet<>();
        for (String name : requested == null ? List.<String>of() : requested) {
            String target = name.trim().toLowerCase(Locale.ROOT);
            if (target.isEmpty()) {
                continue;
            }
            if (target.equals("cuda") || target.startsWith("cuda:")) {
                throw new CompilationException("Target '" + name.trim() + "': CUDA target is not supported yet by"
                        + " this build; remove it from <targets> (supported: " + String.join(", ", CPU) + ")");
            }
            if (!CPU.contains(target)) {
                throw new CompilationException(
                        "Unknown target '" + name.trim() + "'; supported: " + String.join(", ", CPU));
            }
            targets.add(target);
        }
        return targets.isEmpty() ? List.of("host") : List.copyOf(targets);
    }
}
