package io.github.espalier.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * Turns the {@code model}, {@code modelEntry} and {@code tokenizer} parameters into files: a local ONNX
 * file as it is, or a jar (local, or Maven coordinates resolved by {@link ArtifactResolver}) whose
 * entries are extracted into the build folder.
 */
final class ModelLocator {
    /** {@code groupId:artifactId:version[:classifier]}, no path separators. */
    private static final Pattern COORDINATES = Pattern.compile("[^:/\\\\\\s]+(:[^:/\\\\\\s]+){2,3}");

    private final Path basedir;
    private final Path extractionRoot;
    private final ArtifactResolver resolver;
    private final Log log;

    ModelLocator(Path basedir, Path extractionRoot, ArtifactResolver resolver, Log log) {
        this.basedir = basedir;
        this.extractionRoot = extractionRoot;
        this.resolver = resolver;
        this.log = log;
    }

    ModelFiles locate(String model, String modelEntry, Path tokenizer) throws MojoFailureException {
        if (model == null || model.isBlank()) {
            throw new MojoFailureException("<model> is required: a path to an .onnx file or a jar, or Maven"
                    + " coordinates groupId:artifactId:version[:classifier] of a jar holding one");
        }
        String spec = model.trim();
        Path file = basedir.resolve(spec);
        if (!Files.exists(file) && COORDINATES.matcher(spec).matches()) {
            Path jar = resolver.resolve(spec);
            return fromJar(jar, extractionRoot.resolve(spec.replace(':', '_')), modelEntry, tokenizer);
        }
        if (!Files.isRegularFile(file)) {
            throw new MojoFailureException("Model file not found: " + file.toAbsolutePath()
                    + " (<model> is a path relative to the project, or groupId:artifactId:version coordinates)");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jar") || name.endsWith(".zip")) {
            String folder = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            return fromJar(file, extractionRoot.resolve(folder), modelEntry, tokenizer);
        }
        return new ModelFiles(file, tokenizer == null ? null : checkedTokenizer(tokenizer));
    }

    private ModelFiles fromJar(Path jar, Path folder, String modelEntry, Path tokenizer) throws MojoFailureException {
        JarEntries entries = new JarEntries(jar);
        List<String> names = entries.names();
        String onnx = modelEntry != null && !modelEntry.isBlank() ? modelEntry.trim() : onlyOnnxEntry(jar, names);
        if (!names.contains(onnx)) {
            throw new MojoFailureException(
                    "No entry '" + onnx + "' in " + jar + "; its .onnx entries: " + onnxEntries(names));
        }
        Path modelFile = entries.extract(onnx, folder);
        if (tokenizer != null) {
            return new ModelFiles(modelFile, checkedTokenizer(tokenizer));
        }
        List<String> tokenizers =
                names.stream().filter(n -> n.endsWith("tokenizer.json")).toList();
        if (tokenizers.size() != 1) {
            log.warn(
                    tokenizers.isEmpty()
                            ? "No *tokenizer.json in " + jar
                                    + ": the generated class gets forward(...) but no embed(...);"
                                    + " set <tokenizer> to add one"
                            : "Several tokenizers in " + jar + " " + tokenizers + ": set <tokenizer> to choose one;"
                                    + " compiling without a tokenizer");
            return new ModelFiles(modelFile, null);
        }
        return new ModelFiles(modelFile, entries.extract(tokenizers.getFirst(), folder));
    }

    private Path checkedTokenizer(Path tokenizer) throws MojoFailureException {
        Path file = basedir.resolve(tokenizer);
        if (!Files.isRegularFile(file)) {
            throw new MojoFailureException("Tokenizer file not found: " + file.toAbsolutePath());
        }
        return file;
    }

    private static String onlyOnnxEntry(Path jar, List<String> names) throws MojoFailureException {
        List<String> onnx = onnxEntries(names);
        if (onnx.size() != 1) {
            throw new MojoFailureException(
                    (onnx.isEmpty()
                            ? "No .onnx entry in " + jar
                            : "Several .onnx entries in " + jar + " " + onnx
                                    + ": set <modelEntry> to the one to compile"));
        }
        return onnx.getFirst();
    }

    private static List<String> onnxEntries(List<String> names) {
        return names.stream().filter(n -> n.endsWith(".onnx")).toList();
    }
}
