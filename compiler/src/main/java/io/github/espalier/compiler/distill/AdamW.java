package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019) on fp32 master weights, after clipping the
 * gradients to a global norm. Each parameter is updated by one task, so the result does not depend on the
 * thread count.
 */
final class AdamW {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final List<Parameter> parameters;
    private final float[][] firstMoments;
    private final float[][] secondMoments;
    private final double weightDecay;
    private final double clipNorm;
    private final ComputePool pool;
    private int steps;

    AdamW(List<Parameter> parameters, double weightDecay, double clipNorm, ComputePool pool) {
        this.parameters = List.copyOf(parameters);
        this.firstMoments = new float[parameters.size()][];
        this.secondMoments = new float[parameters.size()][];
        for (int p = 0; p < parameters.size(); p++) {
            firstMoments[p] = new float[parameters.get(p).value().length];
            secondMoments[p] = new float[parameters.get(p).value().length];
        }
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
        this.pool = pool;
    }

    /**
     * Updates every parameter from its gradient, then clears the gradients.
     *
     * @return the gradients' global norm before clipping
     */
    double step(double learningRate) {
        steps++;
        double norm = gradientNorm();
        double scale = norm > clipNorm ? clipNorm / norm : 1;
        double firstCorrection = 1 - Math.pow(BETA1, steps);
        double secondCorrection = 1 - Math.pow(BETA2, steps);
        pool.parallelFor(parameters.size(), p -> {
            Parameter parameter = parameters.get(p);
            float[] value = parameter.value();
            float[] gradient = parameter.gradient();
            float[] m = firstMoments[p];
            float[] v = secondMoments[p];
            double decay = parameter.decayed() ? 1 - learningRate * weightDecay : 1;
            for (int i = 0; i < value.length; i++) {
                double g = gradient[i] * scale;
                m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * g);
                v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * g * g);
                double update = (m[i] / firstCorrection) / (Math.sqrt(v[i] / secondCorrection) + EPSILON);
                value[i] = (float) (value[i] * decay - learningRate * update);
            }
            parameter.zeroGradient();
        });
        return norm;
    }

    private double gradientNorm() {
        double sum = 0;
        for (Parameter parameter : parameters) {
            for (float g : parameter.gradient()) {
                sum += (double) g * g;
            }
        }
        return Math.sqrt(sum);
    }
}
