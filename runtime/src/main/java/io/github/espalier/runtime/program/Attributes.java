package io.github.espalier.runtime.program;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attributes of one operation, as ONNX defines them. Values are {@code Long}, {@code Float},
 * {@code String}, {@code long[]}, {@code float[]}, {@code String[]} or {@link Tensor}.
 */
public final class Attributes {
    private static final Attributes EMPTY = new Attributes(Map.of());

    private final Map<String, Object> values;

    private Attributes(Map<String, Object> values) {
        this.values = values;
    }

    public static Attributes empty() {
        return EMPTY;
    }

    public static Attributes of(Map<String, Object> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> copy.put(name, checkType(name, value)));
        return new Attributes(Collections.unmodifiableMap(copy));
    }

    /** A copy with one attribute added or replaced. */
    public Attributes with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return of(copy);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public long getLong(String name, long defaultValue) {
        return values.get(name) instanceof Long v ? v : defaultValue;
    }

    public long getLong(String name) {
        return get(name, Long.class);
    }

    public float getFloat(String name, float defaultValue) {
        return values.get(name) instanceof Float v ? v : defaultValue;
    }

    public String getString(String name, String defaultValue) {
        return values.get(name) instanceof String v ? v : defaultValue;
    }

    public long[] getLongs(String name, long[] defaultValue) {
        return values.get(name) instanceof long[] v ? v.clone() : defaultValue;
    }

    public float[] getFloats(String name, float[] defaultValue) {
        return values.get(name) instanceof float[] v ? v.clone() : defaultValue;
    }

    public Tensor getTensor(String name) {
        return get(name, Tensor.class);
    }

    private <T> T get(String name, Class<T> type) {
        Object value = values.get(name);
        if (!type.isInstance(value)) {
            throw new EspalierException("Required attribute '" + name + "' of type " + type.getSimpleName() + " is "
                    + (value == null ? "missing" : "a " + value.getClass().getSimpleName()));
        }
        return type.cast(value);
    }

    private static Object checkType(String name, Object value) {
        if (value instanceof Long
                || value instanceof Float
                || value instanceof String
                || value instanceof long[]
                || value instanceof float[]
                || value instanceof String[]
                || value instanceof Tensor) {
            return value;
        }
        throw new IllegalArgumentException("Attribute '" + name + "' has unsupported type "
                + (value == null ? "null" : value.getClass().getName()));
    }

    @Override
    public String toString() {
        return values.keySet().toString();
    }
}
