package io.github.espalier.runtime.exec;

import io.github.espalier.runtime.program.Attributes;

/** Creates the kernel of one operator type from an instruction's attributes. */
@FunctionalInterface
public interface KernelFactory {
    Kernel create(Attributes attributes);
}
