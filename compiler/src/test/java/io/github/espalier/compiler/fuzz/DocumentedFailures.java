package io.github.espalier.compiler.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract every fuzz try checks: the code under test either succeeds or throws one of the
 * exception types its module documents, with a message, within a time limit. Errors such as
 * OutOfMemoryError or StackOverflowError, index and arithmetic exceptions, and hangs all fail the try.
 */
public final class DocumentedFailures {
    /** Far above what one valid input takes; a try that needs longer is treated as a hang. */
    private static final Duration PER_TRY = Duration.ofSeconds(10);

    private DocumentedFailures() {}

    /** Runs one try and returns what it threw, or null when it succeeded. */
    public static Throwable check(Executable attempt, List<Class<? extends RuntimeException>> documented) {
        Throwable thrown = assertTimeoutPreemptively(
                PER_TRY,
                () -> {
                    try {
                        attempt.execute();
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                },
                "the try did not end within " + PER_TRY + " (a hang)");
        if (thrown != null) {
            assertThat(documented)
                    .withFailMessage("undocumented %s", stackTrace(thrown))
                    .anyMatch(type -> type.isInstance(thrown));
            assertThat(thrown.getMessage())
                    .withFailMessage("%s without a message", stackTrace(thrown))
                    .isNotBlank();
        }
        return thrown;
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
