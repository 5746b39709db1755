package io.github.espalier.runtime.exec;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The arrays behind one run's intermediate tensors, used again: kernels take their outputs here, and the
 * executor hands a tensor back when the value that holds it dies. A freed array serves the next output of
 * the same type and length, later in the same run or in the next one, so a steady-state call allocates its
 * outputs and little else (a 1 x 128 MiniLM pass allocated about 30 MB of intermediates before).
 *
 * <p>Only arrays this arena issued are ever reused, and only once no live value holds them: views (a
 * Reshape shares its input's array) count as holders, and values still live when the run ends, the
 * program's outputs, leave the arena for good. What a run freed and the next run did not take again is
 * dropped at the end of that next run, so a stream of changing shapes keeps about one run's worth.
 *
 * <p>Not thread-safe: one run uses an arena at a time.
 */
public final class TensorArena {
    private final Map<Size, ArrayDeque<Object>> free = new HashMap<>();
    /** Issued arrays this run, with how many live values hold each. */
    private final Map<Object, Integer> holders = new IdentityHashMap<>();
    /** Arrays that went back to {@link #free} during this run: the ones kept for the next. */
    private final Set<Object> freedThisRun = Collections.newSetFromMap(new IdentityHashMap<>());

    private final boolean recycling;
    private long arraysAllocated;

    private record Size(DType dtype, int length) {}

    private TensorArena(boolean recycling) {
        this.recycling = recycling;
    }

    /** An arena whose released arrays serve later outputs. */
    public static TensorArena recycling() {
        return new TensorArena(true);
    }

    /** An arena that allocates every output afresh: for kernels run outside an executor, e.g. constant folding. */
    public static TensorArena allocating() {
        return new TensorArena(false);
    }

    /**
     * A tensor of this type and shape whose elements are unspecified (a reused array holds an earlier value):
     * the kernel must write every element.
     */
    public Tensor output(DType dtype, long... shape) {
        if (!recycling) {
            return Tensor.allocate(dtype, shape);
        }
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        if (count > Integer.MAX_VALUE) {
            return Tensor.allocate(dtype, shape); // fails with the tensor's own message
        }
        ArrayDeque<Object> arrays = free.get(new Size(dtype, (int) count));
        Object array = arrays == null ? null : arrays.poll();
        if (array == null) {
            arraysAllocated++;
        }
        Tensor tensor = array == null ? Tensor.allocate(dtype, shape) : Tensor.wrap(dtype, shape, segment(array));
        holders.put(tensor.data().heapBase().orElseThrow(), 0);
        return tensor;
    }

    /** A live value now holds this tensor (the executor calls this for every stored result). */
    public void hold(Tensor tensor) {
        Object array = issuedArray(tensor);
        if (array != null) {
            holders.merge(array, 1, Integer::sum);
        }
    }

    /** A value that held this tensor died; its array is free once no other value holds it. */
    public void release(Tensor tensor) {
        Object array = issuedArray(tensor);
        if (array == null) {
            return;
        }
        if (holders.merge(array, -1, Integer::sum) == 0) {
            free(array, tensor.dtype());
        }
    }

    /**
     * A kernel is done with a tensor it took from {@link #output} as scratch and does not return: its array
     * serves later outputs. A tensor some value holds is left alone.
     */
    public void recycle(Tensor scratch) {
        Object array = issuedArray(scratch);
        if (array != null && holders.get(array) == 0) {
            free(array, scratch.dtype());
        }
    }

    private void free(Object array, DType dtype) {
        holders.remove(array);
        free.computeIfAbsent(sizeOf(dtype, array), size -> new ArrayDeque<>()).push(array);
        freedThisRun.add(array);
    }

    /**
     * Ends a run: arrays still held belong to the caller now, and free arrays this run neither freed nor
     * took again are dropped.
     */
    public void endRun() {
        holders.clear();
        free.values().forEach(arrays -> arrays.removeIf(array -> !freedThisRun.contains(array)));
        free.values().removeIf(ArrayDeque::isEmpty);
        freedThisRun.clear();
    }

    /** For tests: how many arrays the arena has allocated rather than reused. */
    long arraysAllocated() {
        return arraysAllocated;
    }

    /** For tests: how many free arrays the arena keeps. */
    int freeArrays() {
        return free.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    private Object issuedArray(Tensor tensor) {
        if (!recycling || tensor == null) {
            return null;
        }
        Object array = tensor.data().heapBase().orElse(null);
        return array != null && holders.containsKey(array) ? array : null;
    }

    private static Size sizeOf(DType dtype, Object array) {
        return new Size(dtype, Array.getLength(array));
    }

    private static MemorySegment segment(Object array) {
        return switch (array) {
            case float[] a -> MemorySegment.ofArray(a);
            case double[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case byte[] a -> MemorySegment.ofArray(a);
            default -> throw new EspalierException("Not a tensor array: " + array.getClass());
        };
    }
}
