package io.github.espalier.runtime.model;

/**
 * How a model runs in this process.
 *
 * @param threads compute threads for one call (default: the available processors); idle threads park
 */
public record ModelOptions(int threads) {
    public ModelOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    public static ModelOptions defaults() {
        return new ModelOptions(Runtime.getRuntime().availableProcessors());
    }

    public ModelOptions withThreads(int newThreads) {
        return new ModelOptions(newThreads);
    }
}
