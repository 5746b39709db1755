package io.github.espalier.runtime.exec;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import io.github.espalier.runtime.exec.kernels.StandardKernels;
import io.github.espalier.runtime.program.Instruction;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Every operator the runtime can execute: the standard ONNX ones and Espalier's fused ones. */
public final class KernelRegistry {
    private static final Map<String, KernelFactory> FACTORIES = buildFactories();

    private KernelRegistry() {}

    public static Kernel create(Instruction instruction) {
        KernelFactory factory = FACTORIES.get(instruction.op());
        if (factory == null) {
            throw new EspalierException("Operator " + instruction.op() + " of instruction '" + instruction.name()
                    + "' is not supported by this runtime; supported: " + supportedOps());
        }
        return factory.create(instruction.attributes());
    }

    public static SortedSet<String> supportedOps() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(FACTORIES.keySet()));
    }

    private static Map<String, KernelFactory> buildFactories() {
        Map<String, KernelFactory> factories = new TreeMap<>(StandardKernels.factories());
        factories.putAll(FusedKernels.factories());
        // Without its arity a malformed node would reach the kernel and fail there, at run time.
        factories.keySet().stream()
                .filter(op -> !OperatorArity.operators().contains(op))
                .findAny()
                .ifPresent(op -> {
                    throw new IllegalStateException(
                            "Kernel " + op + " is registered without an arity in OperatorArity");
                });
        return Collections.unmodifiableMap(factories);
    }
}
