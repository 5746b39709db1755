package io.github.espalier.benchmarks;

/** Our compiled model, through the generated class's raw-tensor entry point {@code forward}. */
final class EspalierEngine implements Engine {
    /** The generated classes share no type, so each is adapted with a lambda. */
    @FunctionalInterface
    private interface Forward {
        void run(Shape.TokenBatch batch);
    }

    private final Runnable close;
    private final Forward forward;
    private final String kernels;

    private EspalierEngine(Runnable close, Forward forward, String kernels) {
        this.close = close;
        this.forward = forward;
        this.kernels = kernels;
    }

    static EspalierEngine load(Precision precision, int threads) {
        return switch (precision) {
            case FP32 -> {
                MiniLm model = MiniLm.load(MiniLm.Options.defaults().threads(threads));
                yield new EspalierEngine(
                        model::close,
                        b -> model.forward(b.ids(), b.mask(), b.types()),
                        model.info().kernels());
            }
            case INT8 -> {
                MiniLmQ model = MiniLmQ.load(MiniLmQ.Options.defaults().threads(threads));
                yield new EspalierEngine(
                        model::close,
                        b -> model.forward(b.ids(), b.mask(), b.types()),
                        model.info().kernels());
            }
        };
    }

    /** The kernels the runtime picked on this machine, e.g. {@code vector-512}. */
    String kernels() {
        return kernels;
    }

    @Override
    public void run(Shape.TokenBatch batch) {
        forward.run(batch);
    }

    @Override
    public void close() {
        close.run();
    }
}
