package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;

/** Element-wise functions of one tensor: Sqrt, Erf, Tanh, Relu, Sigmoid, Neg, Exp, Gelu, Not. */
final class UnaryKernels {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double SQRT_HALF = Math.sqrt(0.5);

    private UnaryKernels() {}

    /** Maps a whole array: {@code y[i] = f(x[i])}. */
    @FunctionalInterface
    interface FloatMap {
        void apply(float[] x, float[] y);
    }

    static void register(Map<String, KernelFactory> factories) {
        floatOp(factories, "Sqrt", (x, y) -> {
            for (int i = 0; i < x.length; i++) y[i] = (float) Math.sqrt(x[i]);
        });
        floatOp(factories, "Erf", (x, y) -> {
            for (int i = 0; i < x.length; i++) y[i] = (float) erf(x[i]);
        });
        floatOp(factories, "Tanh", (x, y) -> {
            for (int i = 0; i < x.length; i++) y[i] = (float) Math.tanh(x[i]);
        });
        floatOp(factories, "Relu", (x, y) -> {
            for (int i = 0; i < x.length; i++) y[i] = Math.max(x[i], 0f);
        });
        floatOp(factories, "Sigmoid", (x, y) -> {
            for (int i = 0; i < x.length; i++) y[i] = (float) (1 / (1 + Math.exp(-x[i])));
        });
        floatOp(factories, "Exp", (x, y) -> {
            for (int i = 0; i < x.length; i++) y[i] = (float) Math.exp(x[i]);
        });
        factories.put("Gelu", attributes -> {
            String approximate = attributes.getString("approximate", "none");
            return switch (approximate) {
                case "none" ->
                    floatKernel((x, y) -> {
                        for (int i = 0; i < x.length; i++) y[i] = (float) (0.5 * x[i] * (1 + erf(x[i] * SQRT_HALF)));
                    });
                case "tanh" ->
                    floatKernel((x, y) -> {
                        for (int i = 0; i < x.length; i++) {
                            double v = x[i];
                            y[i] = (float) (0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
                        }
                    });
                default ->
                    throw new EspalierException(
                            "Gelu approximate='" + approximate + "' is not defined; use 'none' or 'tanh'");
            };
        });
        factories.put("Neg", attributes -> (inputs, context) -> {
            Tensor x = inputs[0];
            if (x.dtype() == DType.FLOAT) {
                return new Tensor[] {
                    mapFloats(x, (in, out) -> {
                        for (int i = 0; i < in.length; i++) out[i] = -in[i];
                    })
                };
            }
            long[] values = TensorData.longs(x);
            for (int i = 0; i < values.length; i++) values[i] = -values[i];
            return new Tensor[] {TensorData.fromLongs(x.dtype(), values, x.shape())};
        });
        factories.put("Not", attributes -> (inputs, context) -> {
            TensorData.requireType(inputs[0], DType.BOOL);
            long[] values = TensorData.longs(inputs[0]);
            for (int i = 0; i < values.length; i++) values[i] = values[i] == 0 ? 1 : 0;
            return new Tensor[] {TensorData.fromLongs(DType.BOOL, values, inputs[0].shape())};
        });
    }

    private static void floatOp(Map<String, KernelFactory> factories, String op, FloatMap map) {
        Kernel kernel = floatKernel(map);
        factories.put(op, attributes -> kernel);
    }

    private static Kernel floatKernel(FloatMap map) {
        return (inputs, context) -> new Tensor[] {mapFloats(inputs[0], map)};
    }

    private static Tensor mapFloats(Tensor x, FloatMap map) {
        float[] in = TensorData.floats(x);
        float[] out = new float[in.length];
        map.apply(in, out);
        return Tensor.ofFloats(out, x.shape());
    }

    /**
     * The error function, from the Chebyshev-fitted complementary error function of Numerical Recipes
     * (fractional error below 1.2e-7 everywhere, finer than float precision needs); the JDK has none.
     */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
