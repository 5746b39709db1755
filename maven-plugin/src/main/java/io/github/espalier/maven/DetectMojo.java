package io.github.espalier.maven;

import io.github.espalier.runtime.cpu.CpuFeatures;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prints what this machine offers the compiled models: CPU features as the runtime sees them (which
 * decide the {@code host} target and the kernels chosen at load) and whether a CUDA driver and GPU are
 * visible. Nothing is loaded; run it as {@code mvn espalier:detect}, with or without a project.
 */
@Mojo(name = "detect", requiresProject = false, threadSafe = true)
public class DetectMojo extends AbstractMojo {
    @Override
    public void execute() {
        CpuFeatures cpu = CpuFeatures.detect();
        getLog().info("CPU features: " + cpu.cpu());
        getLog().info("Vector API in this JVM: "
                + (cpu.vectorApiAvailable()
                        ? "enabled, " + cpu.preferredVectorBits() + "-bit vectors"
                        : "not enabled (run applications with --add-modules jdk.incubator.vector)"));
        getLog().info("Vector kernels pay off here: "
                + (cpu.vectorKernelsPay() ? "yes" : "no, scalar kernels are used"));
        Optional<Path> driver = GpuProbe.cudaDriver();
        getLog().info("CUDA driver: " + driver.map(Path::toString).orElse("not found (libcuda.so.1)"));
        getLog().info("GPU device /dev/nvidia0: " + (GpuProbe.deviceNode() ? "present" : "absent"));
        getLog().info("nvidia-smi: " + GpuProbe.nvidiaSmi().map(Path::toString).orElse("not on PATH"));
        getLog().info("CUDA targets are not supported yet by this build: models run on the CPU");
    }
}
