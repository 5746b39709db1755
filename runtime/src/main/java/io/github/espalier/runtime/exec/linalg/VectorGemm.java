package io.github.espalier.runtime.exec.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API GEMM: register-blocked micro-kernels of 12 (or 4, or 1) rows x 2 vectors of C, walking one packed
 * panel's k steps. Loaded only when {@code jdk.incubator.vector} is present (see {@link Gemms}).
 *
 * <p>{@code fma} must be false on CPUs without FMA: there {@code FloatVector.fma} falls back to
 * per-lane Java and is about 1000x slower; multiply then add is used instead.
 */
final class VectorGemm implements Gemm {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int PANEL = PackedMatrix.PANEL;
    /**
     * Twelve-row blocks need 27 vector registers: AVX-512 has 32, AVX2 16, where they would spill to the stack.
     */
    private static final boolean TWELVE_ROWS = SPECIES.vectorBitSize() >= 512;

    private final boolean fma;

    VectorGemm(boolean fma) {
        this.fma = fma;
    }

    /** Whether the preferred species tiles a panel in pairs of vectors (4, 8 or 16 lanes). */
    static boolean supportsPreferredSpecies() {
        return LANES >= 4 && PANEL % (2 * LANES) == 0;
    }

    @Override
    public void multiply(
            float[] a,
            PackedMatrix b,
            float[] bias,
            float[] c,
            int rowStart,
            int rowEnd,
            int panelStart,
            int panelEnd) {
        // Only a last column block narrower than two vectors is stored through this buffer.
        float[] spill = b.n() % (2 * LANES) == 0 ? null : new float[2 * LANES];
        for (int p = panelStart; p < panelEnd; p++) {
            for (int col = 0; col < PANEL; col += 2 * LANES) {
                int j0 = p * PANEL + col;
                if (j0 >= b.n()) {
                    break;
                }
                int bBase = b.panelOffset(p) + col;
                int i = rowStart;
                for (; TWELVE_ROWS && j0 + 2 * LANES <= b.n() && i + 12 <= rowEnd; i += 12) {
                    block12(a, b, bias, c, i, bBase, j0);
                }
                for (; i + 4 <= rowEnd; i += 4) {
                    block4(a, b, bias, c, i, bBase, j0, spill);
                }
                for (; i < rowEnd; i++) {
                    block1(a, b, bias, c, i, bBase, j0, spill);
                }
            }
        }
    }

    private FloatVector madd(FloatVector x, FloatVector y, FloatVector acc) {
        return fma ? x.fma(y, acc) : x.mul(y).add(acc);
    }

    /**
     * Twelve rows of a full column block: 24 accumulators. Four rows (8 accumulators) keep one FMA unit busy
     * but not two: on a core with two 512-bit FMA units (Intel Xeon) the GEMM reached 63% of the FMA peak
     * with four rows and 90% with twelve. The accumulators go straight into C, and the bias is added after:
     * a method call taking vectors here was past the JIT's inlining budget, and boxing them made the kernel
     * ten times slower.
     */
    private void block12(float[] a, PackedMatrix b, float[] bias, float[] c, int i, int bBase, int j0) {
        int k = b.k();
        int n = b.n();
        float[] bd = b.data();
        int a0 = i * k;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        int a4 = a3 + k;
        int a5 = a4 + k;
        int a6 = a5 + k;
        int a7 = a6 + k;
        int a8 = a7 + k;
        int a9 = a8 + k;
        int a10 = a9 + k;
        int a11 = a10 + k;
        FloatVector left0 = FloatVector.zero(SPECIES);
        FloatVector right0 = left0;
        FloatVector left1 = left0;
        FloatVector right1 = left0;
        FloatVector left2 = left0;
        FloatVector right2 = left0;
        FloatVector left3 = left0;
        FloatVector right3 = left0;
        FloatVector left4 = left0;
        FloatVector right4 = left0;
        FloatVector left5 = left0;
        FloatVector right5 = left0;
        FloatVector left6 = left0;
        FloatVector right6 = left0;
        FloatVector left7 = left0;
        FloatVector right7 = left0;
        FloatVector left8 = left0;
        FloatVector right8 = left0;
        FloatVector left9 = left0;
        FloatVector right9 = left0;
        FloatVector left10 = left0;
        FloatVector right10 = left0;
        FloatVector left11 = left0;
        FloatVector right11 = left0;
        for (int kk = 0; kk < k; kk++) {
            int bOff = bBase + kk * PANEL;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bd, bOff);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bd, bOff + LANES);
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + kk]);
            left0 = madd(b0, x0, left0);
            right0 = madd(b1, x0, right0);
            FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + kk]);
            left1 = madd(b0, x1, left1);
            right1 = madd(b1, x1, right1);
            FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + kk]);
            left2 = madd(b0, x2, left2);
            right2 = madd(b1, x2, right2);
            FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + kk]);
            left3 = madd(b0, x3, left3);
            right3 = madd(b1, x3, right3);
            FloatVector x4 = FloatVector.broadcast(SPECIES, a[a4 + kk]);
            left4 = madd(b0, x4, left4);
            right4 = madd(b1, x4, right4);
            FloatVector x5 = FloatVector.broadcast(SPECIES, a[a5 + kk]);
            left5 = madd(b0, x5, left5);
            right5 = madd(b1, x5, right5);
            FloatVector x6 = FloatVector.broadcast(SPECIES, a[a6 + kk]);
            left6 = madd(b0, x6, left6);
            right6 = madd(b1, x6, right6);
            FloatVector x7 = FloatVector.broadcast(SPECIES, a[a7 + kk]);
            left7 = madd(b0, x7, left7);
            right7 = madd(b1, x7, right7);
            FloatVector x8 = FloatVector.broadcast(SPECIES, a[a8 + kk]);
            left8 = madd(b0, x8, left8);
            right8 = madd(b1, x8, right8);
            FloatVector x9 = FloatVector.broadcast(SPECIES, a[a9 + kk]);
            left9 = madd(b0, x9, left9);
            right9 = madd(b1, x9, right9);
            FloatVector x10 = FloatVector.broadcast(SPECIES, a[a10 + kk]);
            left10 = madd(b0, x10, left10);
            right10 = madd(b1, x10, right10);
            FloatVector x11 = FloatVector.broadcast(SPECIES, a[a11 + kk]);
            left11 = madd(b0, x11, left11);
            right11 = madd(b1, x11, right11);
        }
        left0.intoArray(c, i * n + j0);
        right0.intoArray(c, i * n + j0 + LANES);
        left1.intoArray(c, (i + 1) * n + j0);
        right1.intoArray(c, (i + 1) * n + j0 + LANES);
        left2.intoArray(c, (i + 2) * n + j0);
        right2.intoArray(c, (i + 2) * n + j0 + LANES);
        left3.intoArray(c, (i + 3) * n + j0);
        right3.intoArray(c, (i + 3) * n + j0 + LANES);
        left4.intoArray(c, (i + 4) * n + j0);
        right4.intoArray(c, (i + 4) * n + j0 + LANES);
        left5.intoArray(c, (i + 5) * n + j0);
        right5.intoArray(c, (i + 5) * n + j0 + LANES);
        left6.intoArray(c, (i + 6) * n + j0);
        right6.intoArray(c, (i + 6) * n + j0 + LANES);
        left7.intoArray(c, (i + 7) * n + j0);
        right7.intoArray(c, (i + 7) * n + j0 + LANES);
        left8.intoArray(c, (i + 8) * n + j0);
        right8.intoArray(c, (i + 8) * n + j0 + LANES);
        left9.intoArray(c, (i + 9) * n + j0);
        right9.intoArray(c, (i + 9) * n + j0 + LANES);
        left10.intoArray(c, (i + 10) * n + j0);
        right10.intoArray(c, (i + 10) * n + j0 + LANES);
        left11.intoArray(c, (i + 11) * n + j0);
        right11.intoArray(c, (i + 11) * n + j0 + LANES);
        if (bias != null) {
            addBias(bias, c, i, 12, n, j0);
        }
    }

    private void block4(float[] a, PackedMatrix b, float[] bias, float[] c, int i, int bBase, int j0, float[] spill) {
        int k = b.k();
        float[] bd = b.data();
        int a0 = i * k;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int kk = 0; kk < k; kk++) {
            int bOff = bBase + kk * PANEL;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bd, bOff);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bd, bOff + LANES);
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + kk]);
            c00 = madd(b0, x0, c00);
            c01 = madd(b1, x0, c01);
            FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + kk]);
            c10 = madd(b0, x1, c10);
            c11 = madd(b1, x1, c11);
            FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + kk]);
            c20 = madd(b0, x2, c20);
            c21 = madd(b1, x2, c21);
            FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + kk]);
            c30 = madd(b0, x3, c30);
            c31 = madd(b1, x3, c31);
        }
        store(c00, c01, bias, c, i, b.n(), j0, spill);
        store(c10, c11, bias, c, i + 1, b.n(), j0, spill);
        store(c20, c21, bias, c, i + 2, b.n(), j0, spill);
        store(c30, c31, bias, c, i + 3, b.n(), j0, spill);
    }

    private void block1(float[] a, PackedMatrix b, float[] bias, float[] c, int i, int bBase, int j0, float[] spill) {
        int k = b.k();
        float[] bd = b.data();
        int a0 = i * k;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        for (int kk = 0; kk < k; kk++) {
            int bOff = bBase + kk * PANEL;
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + kk]);
            c00 = madd(FloatVector.fromArray(SPECIES, bd, bOff), x0, c00);
            c01 = madd(FloatVector.fromArray(SPECIES, bd, bOff + LANES), x0, c01);
        }
        store(c00, c01, bias, c, i, b.n(), j0, spill);
    }

    /** Adds the bias to two vectors' width of C's {@code rows} rows from {@code row}, at column j0. */
    private static void addBias(float[] bias, float[] c, int row, int rows, int n, int j0) {
        FloatVector bias0 = FloatVector.fromArray(SPECIES, bias, j0);
        FloatVector bias1 = FloatVector.fromArray(SPECIES, bias, j0 + LANES);
        for (int offset = row * n + j0; offset < (row + rows) * n; offset += n) {
            FloatVector.fromArray(SPECIES, c, offset).add(bias0).intoArray(c, offset);
            FloatVector.fromArray(SPECIES, c, offset + LANES).add(bias1).intoArray(c, offset + LANES);
        }
    }

    /**
     * Stores two vectors at C[row, j0 ...] plus the bias, if any, clipping at column n (padding columns are
     * dropped).
     */
    private static void store(
            FloatVector v0, FloatVector v1, float[] bias, float[] c, int row, int n, int j0, float[] spill) {
        int offset = row * n + j0;
        if (j0 + 2 * LANES <= n) {
            FloatVector s0 = bias == null ? v0 : v0.add(FloatVector.fromArray(SPECIES, bias, j0));
            FloatVector s1 = bias == null ? v1 : v1.add(FloatVector.fromArray(SPECIES, bias, j0 + LANES));
            s0.intoArray(c, offset);
            s1.intoArray(c, offset + LANES);
        } else {
            v0.intoArray(spill, 0);
            v1.intoArray(spill, LANES);
            for (int j = 0; bias != null && j < n - j0; j++) {
                spill[j] += bias[j0 + j];
            }
            System.arraycopy(spill, 0, c, offset, n - j0);
        }
    }

    @Override
    public String describe() {
        return "vector " + SPECIES.vectorBitSize() + "-bit " + (fma ? "fma" : "mul+add");
    }
}
