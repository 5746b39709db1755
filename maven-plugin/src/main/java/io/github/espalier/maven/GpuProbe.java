package io.github.espalier.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Looks for signs of an NVIDIA GPU without loading anything: the driver library on the usual library
 * paths, the device node, and {@code nvidia-smi} on the PATH.
 */
final class GpuProbe {
    private static final List<String> LIBRARY_FOLDERS =
            List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/cuda/lib64", "/usr/lib/wsl/lib");

    private GpuProbe() {}

    static Optional<Path> cudaDriver() {
        List<String> folders = new ArrayList<>(LIBRARY_FOLDERS);
        String ldPath = System.getenv("LD_LIBRARY_PATH");
        if (ldPath != null) {
            folders.addAll(0, List.of(ldPath.split(File.pathSeparator)));
        }
        return folders.stream()
                .filter(folder -> !folder.isBlank())
                .map(folder -> Path.of(folder, "libcuda.so.1"))
                .filter(Files::exists)
                .findFirst();
    }

    static boolean deviceNode() {
        return Files.exists(Path.of("/dev/nvidia0"));
    }

    static Optional<Path> nvidiaSmi() {
        String path = System.getenv("PATH");
        return path == null
                ? Optional.empty()
                : Stream.of(path.split(File.pathSeparator))
                        .filter(folder -> !folder.isBlank())
                        .map(folder -> Path.of(folder, "nvidia-smi"))
                        .filter(Files::isExecutable)
                        .findFirst();
    }
}
