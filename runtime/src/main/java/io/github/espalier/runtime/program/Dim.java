package io.github.espalier.runtime.program;

/**
 * One dimension of a declared shape: a fixed size, or a symbol such as {@code batch_size} whose value
 * is known only when the model runs.
 */
public record Dim(long size, String symbol) {
    public Dim {
        if ((symbol == null) == (size < 0)) {
            throw new IllegalArgumentException("A dimension is either a size >= 0 or a symbol");
        }
    }

    public static Dim of(long size) {
        return new Dim(size, null);
    }

    public static Dim symbol(String name) {
        return new Dim(-1, name);
    }

    public boolean isSymbolic() {
        return symbol != null;
    }

    @Override
    public String toString() {
        return isSymbolic() ? symbol : Long.toString(size);
    }
}
