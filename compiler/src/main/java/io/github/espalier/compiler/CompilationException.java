package io.github.espalier.compiler;

/**
 * The one exception type that leaves the compiler. Messages name what failed (a node, an op type, a
 * file), where, and what the user can do; the Maven plugin turns it into a build failure as it is.
 */
public class CompilationException extends RuntimeException {
    public CompilationException(String message) {
        super(message);
    }

    public CompilationException(String message, Throwable cause) {
        super(message, cause);
    }
}
