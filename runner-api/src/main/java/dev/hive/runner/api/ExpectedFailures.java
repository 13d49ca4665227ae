package dev.hive.runner.api;

import java.util.Objects;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The verdict of {@link ExpectedFailure}: what a test's outcome becomes when it was expected to fail. */
final class ExpectedFailures {

    private ExpectedFailures() {}

    /**
     * Returns normally when {@code thrown} is the failure {@code expected} asks for; otherwise throws the
     * failure that the test's result should carry.
     *
     * @param thrown what the test threw, null when it returned normally
     */
    static void judge(ExpectedFailure expected, Throwable thrown) throws Throwable {
        if (thrown == null) {
            throw new AssertionFailedError("expected a failure" + describe(expected) + ", but the test passed");
        }
        if (thrown instanceof TestAbortedException) {
            throw thrown;
        }
        if (!expected.value().isInstance(thrown)) {
            throw new AssertionFailedError(
                    "expected a failure" + describe(expected) + ", but the test threw "
                            + thrown.getClass().getName() + messageOf(thrown),
                    thrown);
        }
        String message = Objects.requireNonNullElse(thrown.getMessage(), "");
        if (!message.contains(expected.message())) {
            throw new AssertionFailedError(
                    "expected a failure" + describe(expected) + ", but its message was \"" + message + "\"", thrown);
        }
    }

    private static String describe(ExpectedFailure expected) {
        var text = new StringBuilder();
        if (expected.value() != Throwable.class) {
            text.append(" of type ").append(expected.value().getName());
        }
        if (!expected.message().isEmpty()) {
            text.append(" with a message containing \"")
                    .append(expected.message())
                    .append('"');
        }
        return text.toString();
    }

    private static String messageOf(Throwable thrown) {
        return thrown.getMessage() == null ? "" : ": " + thrown.getMessage();
    }
}
