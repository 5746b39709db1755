package io.github.espalier.runtime.exec.linalg;

import java.util.Arrays;

/**
 * Plain Java GEMM. The inner loop over one panel's 32 contiguous columns has no dependences, so C2
 * auto-vectorizes it with whatever SIMD the JVM uses (SSE included), with separate multiply and add.
 */
public final class ScalarGemm implements Gemm {
    private static final int PANEL = PackedMatrix.PANEL;

    @Override
    public void multiply(float[] a, PackedMatrix b, float[] c, int rowStart, int rowEnd, int panelStart, int panelEnd) {
        int k = b.k();
        int n = b.n();
        float[] bData = b.data();
        float[] acc = new float[PANEL];
        for (int p = panelStart; p < panelEnd; p++) {
            int panelBase = b.panelOffset(p);
            int col0 = p * PANEL;
            int width = Math.min(PANEL, n - col0);
            for (int i = rowStart; i < rowEnd; i++) {
                Arrays.fill(acc, 0f);
                int aRow = i * k;
                for (int kk = 0; kk < k; kk++) {
                    float aik = a[aRow + kk];
                    int bRow = panelBase + kk * PANEL;
                    for (int j = 0; j < PANEL; j++) {
                        acc[j] += aik * bData[bRow + j];
                    }
                }
                System.arraycopy(acc, 0, c, i * n + col0, width);
            }
        }
    }

    @Override
    public String describe() {
        return "scalar";
    }
}
