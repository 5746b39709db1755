package io.github.espalier.compiler.fuzz;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A small seeded fuzz loop for JUnit tests: each try draws one input from its own {@link Random}, runs
 * the target, and tallies what came out. A failed try names the seed and try index that replay it.
 * CI runs the tries written in each test; {@code -Dfuzz.scale=N} multiplies them for the long run,
 * {@code -Dfuzz.seed=S} (with {@code -Dfuzz.try=I} for a single try) replays a reported failure.
 */
public final class Fuzzer {
    public static final String SCALE = "fuzz.scale";
    public static final String SEED = "fuzz.seed";
    public static final String TRY = "fuzz.try";

    private Fuzzer() {}

    /** One try: returns a label for the tally ("compiled", "rejected", ...) or throws an AssertionError. */
    @FunctionalInterface
    public interface Target<T> {
        String attempt(T input) throws Exception;
    }

    /** Runs {@code tries} tries (times the scale) and prints the tally, e.g. for docs/reliability.md. */
    public static <T> void run(String name, int tries, Function<Random, T> inputs, Target<T> target) {
        long seed = Long.getLong(SEED, new Random().nextLong());
        int total = Math.multiplyExact(tries, Integer.getInteger(SCALE, 1));
        Integer only = Integer.getInteger(TRY);
        Map<String, Integer> tally = new TreeMap<>();
        long start = System.nanoTime();
        for (int i = only == null ? 0 : only; i < (only == null ? total : only + 1); i++) {
            T input = inputs.apply(new Random(seed + i * 0x9E3779B97F4A7C15L));
            try {
                tally.merge(target.attempt(input), 1, Integer::sum);
            } catch (Exception | AssertionError e) {
                throw new AssertionError(
                        name + " failed at try " + i + "; replay with -D" + SEED + "=" + seed + " -D" + TRY + "=" + i
                                + "; input: " + printable(String.valueOf(input)),
                        e);
            }
        }
        System.out.printf(
                "fuzz %s: %d tries in %d ms, seed %d, outcomes %s%n",
                name, total, (System.nanoTime() - start) / 1_000_000, seed, tally);
    }

    /** Control characters escaped, so a failing input cannot cut the test report short (a NUL or newline did). */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
