package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Broadcasting binary operators (Add, Sub, Mul, Div, Pow, Equal, Less, Greater) and Where. One engine walks
 * the broadcast plan; each operator only supplies the loop over one row for each element domain, so the
 * per-element work is a plain array loop rather than a call.
 */
final class BinaryKernels {
    private BinaryKernels() {}

    /**
     * Combines one row of contiguous slices: {@code out[o + k] = a[ai + k] OP b[bi + k]} for {@code k < n}.
     * Unit strides let C2 vectorize each operator's loop; a repeated element is expanded first.
     */
    @FunctionalInterface
    interface FloatRow {
        void apply(float[] a, int ai, float[] b, int bi, float[] out, int o, int n);
    }

    /** Combines one row: {@code out[o + k] = a[ai + k * as] OP b[bi + k * bs]} for {@code k < n}. */
    @FunctionalInterface
    interface LongRow {
        void apply(long[] a, int ai, int as, long[] b, int bi, int bs, long[] out, int o, int n);
    }

    /** A comparison row, writing 1 for true and 0 for false. */
    @FunctionalInterface
    interface FloatTest {
        void apply(float[] a, int ai, int as, float[] b, int bi, int bs, long[] out, int o, int n);
    }

    @FunctionalInterface
    interface LongTest {
        void apply(long[] a, int ai, int as, long[] b, int bi, int bs, long[] out, int o, int n);
    }

    static void register(Map<String, KernelFactory> factories) {
        arithmetic(
                factories,
                "Add",
                (a, ai, b, bi, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k] + b[bi + k];
                },
                (a, ai, as, b, bi, bs, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k * as] + b[bi + k * bs];
                });
        arithmetic(
                factories,
                "Sub",
                (a, ai, b, bi, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k] - b[bi + k];
                },
                (a, ai, as, b, bi, bs, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k * as] - b[bi + k * bs];
                });
        arithmetic(
                factories,
                "Mul",
                (a, ai, b, bi, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k] * b[bi + k];
                },
                (a, ai, as, b, bi, bs, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k * as] * b[bi + k * bs];
                });
        arithmetic(
                factories,
                "Div",
                (a, ai, b, bi, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k] / b[bi + k];
                },
                (a, ai, as, b, bi, bs, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = divide(a[ai + k * as], b[bi + k * bs]);
                });
        arithmetic(
                factories,
                "Pow",
                (a, ai, b, bi, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = (float) Math.pow(a[ai + k], b[bi + k]);
                },
                (a, ai, as, b, bi, bs, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = (long) Math.pow(a[ai + k * as], b[bi + k * bs]);
                });
        comparison(
                factories,
                "Equal",
                (a, ai, as, b, bi, bs, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k * as] == b[bi + k * bs] ? 1 : 0;
                },
                (a, ai, as, b, bi, bs, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k * as] == b[bi + k * bs] ? 1 : 0;
                });
        comparison(
                factories,
                "Less",
                (a, ai, as, b, bi, bs, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k * as] < b[bi + k * bs] ? 1 : 0;
                },
                (a, ai, as, b, bi, bs, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k * as] < b[bi + k * bs] ? 1 : 0;
                });
        comparison(
                factories,
                "Greater",
                (a, ai, as, b, bi, bs, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k * as] > b[bi + k * bs] ? 1 : 0;
                },
                (a, ai, as, b, bi, bs, out, o, n) -> {
                    for (int k = 0; k < n; k++) out[o + k] = a[ai + k * as] > b[bi + k * bs] ? 1 : 0;
                });
        factories.put("Where", attributes -> {
            BroadcastPlans plans = new BroadcastPlans();
            return (inputs, context) -> where(inputs, plans);
        });
    }

    private static void arithmetic(Map<String, KernelFactory> factories, String op, FloatRow floats, LongRow longs) {
        factories.put(op, attributes -> arithmeticKernel(op, floats, longs, new BroadcastPlans()));
    }

    private static Kernel arithmeticKernel(String op, FloatRow floats, LongRow longs, BroadcastPlans plans) {
        return (inputs, context) -> {
            Tensor a = inputs[0];
            Tensor b = op.equals("Pow") ? powerExponent(inputs[1], a.dtype()) : inputs[1];
            requireSameType(op, a, b);
            Broadcast plan = plans.of(a.shape(), b.shape());
            if (a.dtype() == DType.FLOAT) {
                float[] x = TensorData.floats(a);
                float[] y = TensorData.floats(b);
                Tensor result = context.arena().output(DType.FLOAT, plan.shape);
                float[] out = result.heapFloats();
                ContiguousRow left = new ContiguousRow(plan, 0, x, context.arena());
                ContiguousRow right = new ContiguousRow(plan, 1, y, context.arena());
                for (int r = 0; r < plan.rows; r++) {
                    floats.apply(
                            left.values(r),
                            left.offset(r),
                            right.values(r),
                            right.offset(r),
                            out,
                            r * plan.rowLength,
                            plan.rowLength);
                }
                left.release();
                right.release();
                return new Tensor[] {result};
            }
            if (a.dtype() != DType.INT64 && a.dtype() != DType.INT32) {
                throw new EspalierException(op + " supports FLOAT, INT64 and INT32, got " + a.dtype());
            }
            long[] x = TensorData.longs(a);
            long[] y = TensorData.longs(b);
            long[] out = new long[plan.rows * plan.rowLength];
            for (int r = 0; r < plan.rows; r++) {
                longs.apply(
                        x,
                        plan.rowOffsets[0][r],
                        plan.strides[0],
                        y,
                        plan.rowOffsets[1][r],
                        plan.strides[1],
                        out,
                        r * plan.rowLength,
                        plan.rowLength);
            }
            return new Tensor[] {TensorData.fromLongs(a.dtype(), out, plan.shape)};
        };
    }

    private static void comparison(Map<String, KernelFactory> factories, String op, FloatTest floats, LongTest longs) {
        factories.put(op, attributes -> comparisonKernel(op, floats, longs, new BroadcastPlans()));
    }

    private static Kernel comparisonKernel(String op, FloatTest floats, LongTest longs, BroadcastPlans plans) {
        return (inputs, context) -> {
            Tensor a = inputs[0];
            Tensor b = inputs[1];
            requireSameType(op, a, b);
            Broadcast plan = plans.of(a.shape(), b.shape());
            long[] out = new long[plan.rows * plan.rowLength];
            if (a.dtype() == DType.FLOAT) {
                float[] x = TensorData.floats(a);
                float[] y = TensorData.floats(b);
                for (int r = 0; r < plan.rows; r++) {
                    floats.apply(
                            x,
                            plan.rowOffsets[0][r],
                            plan.strides[0],
                            y,
                            plan.rowOffsets[1][r],
                            plan.strides[1],
                            out,
                            r * plan.rowLength,
                            plan.rowLength);
                }
            } else {
                long[] x = TensorData.longs(a);
                long[] y = TensorData.longs(b);
                for (int r = 0; r < plan.rows; r++) {
                    longs.apply(
                            x,
                            plan.rowOffsets[0][r],
                            plan.strides[0],
                            y,
                            plan.rowOffsets[1][r],
                            plan.strides[1],
                            out,
                            r * plan.rowLength,
                            plan.rowLength);
                }
            }
            return new Tensor[] {TensorData.fromLongs(DType.BOOL, out, plan.shape)};
        };
    }

    /** Where(condition, x, y): x where the condition holds, else y, all three broadcast together. */
    private static Tensor[] where(Tensor[] inputs, BroadcastPlans plans) {
        Tensor condition = inputs[0];
        Tensor a = inputs[1];
        Tensor b = inputs[2];
        TensorData.requireType(condition, DType.BOOL);
        requireSameType("Where", a, b);
        Broadcast plan = plans.of(condition.shape(), a.shape(), b.shape());
        long[] test = TensorData.longs(condition);
        int[] cs = plan.strides;
        int n = plan.rowLength;
        if (a.dtype() == DType.FLOAT) {
            float[] x = TensorData.floats(a);
            float[] y = TensorData.floats(b);
            float[] out = new float[plan.rows * n];
            for (int r = 0; r < plan.rows; r++) {
                int c0 = plan.rowOffsets[0][r], x0 = plan.rowOffsets[1][r], y0 = plan.rowOffsets[2][r];
                for (int k = 0; k < n; k++) {
                    out[r * n + k] = test[c0 + k * cs[0]] != 0 ? x[x0 + k * cs[1]] : y[y0 + k * cs[2]];
                }
            }
            return new Tensor[] {Tensor.ofFloats(out, plan.shape)};
        }
        long[] x = TensorData.longs(a);
        long[] y = TensorData.longs(b);
        long[] out = new long[plan.rows * n];
        for (int r = 0; r < plan.rows; r++) {
            int c0 = plan.rowOffsets[0][r], x0 = plan.rowOffsets[1][r], y0 = plan.rowOffsets[2][r];
            for (int k = 0; k < n; k++) {
                out[r * n + k] = test[c0 + k * cs[0]] != 0 ? x[x0 + k * cs[1]] : y[y0 + k * cs[2]];
            }
        }
        return new Tensor[] {TensorData.fromLongs(a.dtype(), out, plan.shape)};
    }

    /** Pow allows an exponent of another numeric type (opset 12+); bring it to the base's domain. */
    private static Tensor powerExponent(Tensor exponent, DType baseType) {
        if (exponent.dtype() == baseType) {
            return exponent;
        }
        return TensorData.isIntegral(exponent.dtype())
                ? TensorData.fromLongs(baseType, TensorData.longs(exponent), exponent.shape())
                : TensorData.fromDoubles(baseType, TensorData.doubles(exponent), exponent.shape());
    }

    /** Integer division truncates toward zero, as ONNX Runtime does; division by zero is an error. */
    private static long divide(long a, long b) {
        if (b == 0) {
            throw new EspalierException("Integer division by zero in Div");
        }
        return a / b;
    }

    private static void requireSameType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new EspalierException(op + " needs inputs of one element type, got " + a + " and " + b);
        }
    }
}
