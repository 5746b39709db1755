package io.github.espalier.runtime.tools;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Token inputs of a chosen shape for timing an encoder: every input is int64 {@code [batch, sequence]}.
 * Masks are all ones (no padding, so attention does its full work), type ids all zero, and token ids cycle
 * through {@value #FIRST_TOKEN} to {@value #LAST_TOKEN}: ordinary word pieces in any BERT-size vocabulary,
 * clear of the special tokens at the start.
 */
public final class SyntheticInputs {
    static final long FIRST_TOKEN = 1000;
    static final long LAST_TOKEN = 1999;

    private SyntheticInputs() {}

    /**
     * @throws EspalierException naming the input, for one that is not int64 of rank 2 or whose fixed sizes
     *     differ from {@code batch} and {@code sequence}
     */
    public static Map<String, Tensor> tokens(List<ValueSpec> inputs, int batch, int sequence) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (ValueSpec spec : inputs) {
            checkFillable(spec, batch, sequence);
            tensors.put(spec.name(), Tensor.ofLongs(values(spec.name(), batch * sequence), batch, sequence));
        }
        return tensors;
    }

    /** Zeros (type ids) unless the name says mask or the input holds token ids. */
    private static long[] values(String name, int count) {
        String lower = name.toLowerCase(Locale.ROOT);
        long[] values = new long[count];
        if (lower.contains("mask")) {
            Arrays.fill(values, 1);
        } else if (!lower.contains("type")) {
            for (int i = 0; i < count; i++) {
                values[i] = FIRST_TOKEN + i % (LAST_TOKEN - FIRST_TOKEN + 1);
            }
        }
        return values;
    }

    private static void checkFillable(ValueSpec spec, int batch, int sequence) {
        List<Dim> shape = spec.shape();
        boolean fits = spec.dtype() == DType.INT64
                && shape.size() == 2
                && fits(shape.get(0), batch)
                && fits(shape.get(1), sequence);
        if (!fits) {
            throw new EspalierException("Cannot time the model on synthetic tokens: input '" + spec.name() + "' is "
                    + spec.dtype() + " " + shape + ", but only int64 token inputs of shape [" + batch + ", "
                    + sequence + "] (ids, attention mask, token types) can be filled");
        }
    }

    private static boolean fits(Dim dim, int size) {
        return dim.isSymbolic() || dim.size() == size;
    }
}
