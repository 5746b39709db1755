package io.github.espalier.runtime.cpu;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.OptionalInt;

/**
 * HotSpot's own view of the CPU ({@code UseAVX}, {@code UseSSE}, {@code UseFMA}): what the JIT will really
 * emit, which {@code -XX:UseAVX=0} lowers below what the CPU has. Only touched when the
 * {@code jdk.management} module is present, so class loading cannot fail on a trimmed runtime image.
 */
final class JvmFlags {
    private JvmFlags() {}

    static boolean available() {
        return ModuleLayer.boot().findModule("jdk.management").isPresent();
    }

    /** The integer value of a HotSpot flag, or empty when the flag does not exist on this JVM. */
    static OptionalInt intFlag(String name) {
        String value = flag(name);
        try {
            return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static boolean booleanFlag(String name) {
        return Boolean.parseBoolean(flag(name));
    }

    private static String flag(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption(name)
                    .getValue();
        } catch (IllegalArgumentException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
