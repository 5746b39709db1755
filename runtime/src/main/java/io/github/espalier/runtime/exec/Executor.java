package io.github.espalier.runtime.exec;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * Runs a program: binds every instruction to its kernel once, then for each call feeds the inputs,
 * executes the instructions in order and drops intermediate tensors after their last use, handing their
 * arrays back to the run's {@link TensorArena} for later outputs.
 * Thread-safe: concurrent calls share only the immutable constants and kernels; each run has its own slots
 * and its own arena.
 */
public final class Executor {
    private static final int ABSENT = -1;
    /**
     * Float constants up to this many elements (biases, norm scales, quantization scales) are copied to the
     * heap once, so kernels read their arrays in place instead of copying them out of the mapped artifact on
     * every call. Larger ones (weight matrices, embedding tables) stay mapped: kernels pack or index them.
     */
    static final long HEAP_CONSTANT_ELEMENTS = 1 << 16;

    private final ComputePool pool;
    private final List<ValueSpec> inputs;
    private final int[] inputSlots;
    private final String[] outputNames;
    private final int[] outputSlots;
    /** The slots as each run starts: constants filled in, everything else empty. */
    private final Tensor[] initialValues;

    private final Step[] steps;
    private final String[] slotNames;
    /** Arenas of finished runs, kept with their free arrays; as many as runs have been concurrent. */
    private final Queue<TensorArena> arenas = new ConcurrentLinkedQueue<>();

    /** One bound instruction: its kernel, where its inputs come from, where its outputs go, what dies after it. */
    private record Step(Instruction instruction, Kernel kernel, int[] inputs, int[] outputs, int[] released) {}

    public Executor(Program program, Map<String, Tensor> constants, ComputePool pool) {
        this.pool = pool;
        this.inputs = program.inputs();
        Map<String, Integer> slots = new HashMap<>();
        inputSlots =
                program.inputs().stream().mapToInt(v -> define(slots, v.name())).toArray();
        List<Tensor> constantValues = new ArrayList<>();
        for (String name : program.constants()) {
            Tensor value = constants.get(name);
            if (value == null) {
                throw new EspalierException("Constant '" + name + "' of the program is missing from the artifact");
            }
            define(slots, name);
            constantValues.add(onHeapIfSmall(value));
        }
        List<Instruction> instructions = program.instructions();
        int[][] inputIndices = new int[instructions.size()][];
        int[][] outputIndices = new int[instructions.size()][];
        for (int i = 0; i < instructions.size(); i++) {
            Instruction instruction = instructions.get(i);
            inputIndices[i] = instruction.inputs().stream()
                    .mapToInt(name -> name.isEmpty() ? ABSENT : use(slots, name, instruction))
                    .toArray();
            outputIndices[i] = instruction.outputs().stream()
                    .mapToInt(name -> name.isEmpty() ? ABSENT : define(slots, name))
                    .toArray();
        }
        outputNames = program.outputs().stream().map(ValueSpec::name).toArray(String[]::new);
        outputSlots = Arrays.stream(outputNames)
                .mapToInt(name -> {
                    Integer slot = slots.get(name);
                    if (slot == null) {
                        throw new EspalierException("Program output '" + name + "' is produced by no instruction");
                    }
                    return slot;
                })
                .toArray();
        initialValues = new Tensor[slots.size()];
        for (int c = 0; c < constantValues.size(); c++) {
            initialValues[inputSlots.length + c] = constantValues.get(c);
        }
        steps = bind(instructions, inputIndices, outputIndices, slots.size());
        slotNames = new String[slots.size()];
        slots.forEach((name, slot) -> slotNames[slot] = name);
    }

    static Tensor onHeapIfSmall(Tensor constant) {
        boolean copy = constant.dtype() == DType.FLOAT
                && constant.heapFloats() == null
                && constant.elementCount() <= HEAP_CONSTANT_ELEMENTS;
        return copy ? Tensor.ofFloats(constant.toFloatArray(), constant.shape()) : constant;
    }

    /** Runs the program on named inputs and returns the program outputs, in declaration order. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        Tensor[] values = initialValues.clone();
        for (int i = 0; i < inputSlots.length; i++) {
            ValueSpec spec = this.inputs.get(i);
            Tensor value = inputs.get(spec.name());
            if (value == null) {
                throw new EspalierException("Input '" + spec.name() + "' is missing; the program expects "
                        + this.inputs.stream().map(ValueSpec::name).toList());
            }
            if (value.dtype() != spec.dtype()) {
                throw new EspalierException(
                        "Input '" + spec.name() + "' must be " + spec.dtype() + " but is " + value.dtype());
            }
            values[inputSlots[i]] = value;
        }
        TensorArena arena = arenas.poll();
        ExecutionContext context = new ExecutionContext(pool, arena == null ? TensorArena.recycling() : arena);
        try {
            for (Step step : steps) {
                execute(step, values, context);
            }
        } finally {
            context.arena().endRun();
            arenas.offer(context.arena());
        }
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (int o = 0; o < outputSlots.length; o++) {
            outputs.put(outputNames[o], values[outputSlots[o]]);
        }
        return outputs;
    }

    /** For tests: the arrays the arenas of finished runs have allocated rather than reused. */
    long arraysAllocated() {
        return arenas.stream().mapToLong(TensorArena::arraysAllocated).sum();
    }

    /** The values dropped right after instruction {@code index} runs (visible for liveness tests). */
    List<String> releasedAfter(int index) {
        return Arrays.stream(steps[index].released())
                .mapToObj(slot -> slotNames[slot])
                .toList();
    }

    private static void execute(Step step, Tensor[] values, ExecutionContext context) {
        Instruction instruction = step.instruction();
        Tensor[] arguments = new Tensor[step.inputs().length];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = step.inputs()[i] == ABSENT ? null : values[step.inputs()[i]];
        }
        Tensor[] results;
        try {
            results = step.kernel().execute(arguments, context);
        } catch (RuntimeException e) {
            throw new EspalierException(
                    "Instruction '" + instruction.name() + "' (" + instruction.op() + ") failed: " + e.getMessage(), e);
        }
        for (int o = 0; o < step.outputs().length; o++) {
            if (step.outputs()[o] == ABSENT) {
                continue;
            }
            if (o >= results.length || results[o] == null) {
                throw new EspalierException(
                        "Instruction '" + instruction.name() + "' (" + instruction.op() + ") produced no output " + o
                                + " ('" + instruction.outputs().get(o) + "')");
            }
            values[step.outputs()[o]] = results[o];
            context.arena().hold(results[o]);
        }
        for (int slot : step.released()) {
            context.arena().release(values[slot]);
            values[slot] = null;
        }
    }

    /** Creates each kernel and works out, for every step, which values are read for the last time there. */
    private Step[] bind(List<Instruction> instructions, int[][] inputIndices, int[][] outputIndices, int slotCount) {
        int[] lastUse = new int[slotCount];
        Arrays.fill(lastUse, -1);
        for (int i = 0; i < instructions.size(); i++) {
            for (int slot : outputIndices[i]) {
                if (slot != ABSENT) {
                    lastUse[slot] = i;
                }
            }
            for (int slot : inputIndices[i]) {
                if (slot != ABSENT) {
                    lastUse[slot] = i;
                }
            }
        }
        for (int slot : outputSlots) {
            lastUse[slot] = Integer.MAX_VALUE;
        }
        for (int slot = 0; slot < slotCount; slot++) {
            if (initialValues[slot] != null) {
                lastUse[slot] = Integer.MAX_VALUE;
            }
        }
        Step[] bound = new Step[instructions.size()];
        for (int i = 0; i < bound.length; i++) {
            int step = i;
            int[] released = IntStream.range(0, slotCount)
                    .filter(slot -> lastUse[slot] == step)
                    .toArray();
            Instruction instruction = instructions.get(i);
            bound[i] = new Step(instruction, createKernel(instruction), inputIndices[i], outputIndices[i], released);
        }
        return bound;
    }

    /**
     * Checks the instruction's arity, then binds the kernel. Split without sizes divides its axis among its
     * outputs, but kernels see only attributes, so the output count is handed over as ONNX's own
     * {@code num_outputs} attribute.
     */
    private static Kernel createKernel(Instruction instruction) {
        OperatorArity.check(instruction);
        Instruction bound = instruction;
        if (instruction.op().equals("Split") && !instruction.attributes().has("num_outputs")) {
            bound = new Instruction(
                    instruction.name(),
                    instruction.op(),
                    instruction.inputs(),
                    instruction.outputs(),
                    instruction.attributes().with("num_outputs", (long)
                            instruction.outputs().size()));
        }
        try {
            return KernelRegistry.create(bound);
        } catch (RuntimeException e) {
            throw new EspalierException(
                    "Cannot bind instruction '" + instruction.name() + "' (" + instruction.op() + "): "
                            + e.getMessage(),
                    e);
        }
    }

    private static int define(Map<String, Integer> slots, String name) {
        if (slots.containsKey(name)) {
            throw new EspalierException("Value '" + name + "' is defined twice in the program");
        }
        int slot = slots.size();
        slots.put(name, slot);
        return slot;
    }

    private static int use(Map<String, Integer> slots, String name, Instruction reader) {
        Integer slot = slots.get(name);
        if (slot == null) {
            throw new EspalierException("Instruction '" + reader.name() + "' (" + reader.op() + ") reads '" + name
                    + "', which no input, constant or earlier instruction defines");
        }
        return slot;
    }
}
