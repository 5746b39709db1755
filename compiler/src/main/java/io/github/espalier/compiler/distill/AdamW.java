package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.VectorOps;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019) on fp32 master weights, after clipping the
 * gradients to a global norm. The parameters are cut into chunks of equal size so both threads get the same
 * work however unequal the tensors; each chunk is updated by one task, and the norm's partial sums are added
 * in a fixed order, so the result does not depend on the thread count.
 */
final class AdamW {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final VectorOps OPS = Gemms.preferredOps();

    private final List<Parameter> parameters;
    private final List<ParameterChunk> chunks;
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
            int size = parameters.get(p).value().length;
            firstMoments[p] = new float[size];
            secondMoments[p] = new float[size];
        }
        this.chunks = ParameterChunk.of(parameters);
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
        float scale = (float) (norm > clipNorm ? clipNorm / norm : 1);
        float stepSize = (float) (learningRate / (1 - Math.pow(BETA1, steps)));
        float secondCorrection = (float) (1 / Math.sqrt(1 - Math.pow(BETA2, steps)));
        pool.parallelFor(chunks.size(), c -> {
            ParameterChunk chunk = chunks.get(c);
            Parameter parameter = parameters.get(chunk.parameter());
            float[] value = parameter.value();
            float[] gradient = parameter.gradient();
            float[] m = firstMoments[chunk.parameter()];
            float[] v = secondMoments[chunk.parameter()];
            float decay = (float) (parameter.decayed() ? 1 - learningRate * weightDecay : 1);
            for (int i = chunk.from(); i < chunk.to(); i++) {
                float g = gradient[i] * scale;
                m[i] = BETA1 * m[i] + (1 - BETA1) * g;
                v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
                value[i] = value[i] * decay - stepSize * m[i] / ((float) Math.sqrt(v[i]) * secondCorrection + EPSILON);
                gradient[i] = 0;
            }
        });
        return norm;
    }

    private double gradientNorm() {
        double[] partial = new double[chunks.size()];
        pool.parallelFor(chunks.size(), c -> {
            ParameterChunk chunk = chunks.get(c);
            float[] gradient = parameters.get(chunk.parameter()).gradient();
            // in vector lanes: a scalar sum waits on each addition, and took 3% of a distillation step
            partial[c] = OPS.dot(gradient, chunk.from(), gradient, chunk.from(), chunk.to() - chunk.from());
        });
        double total = 0;
        for (double sum : partial) {
            total += sum;
        }
        return Math.sqrt(total);
    }
}
