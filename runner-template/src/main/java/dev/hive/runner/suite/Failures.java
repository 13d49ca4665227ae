package dev.hive.runner.suite;

import dev.hive.protocol.run.TestStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/** Turns what a test threw into a result's status, message and stack trace, kept small enough for one IPC line. */
final class Failures {

    static final int MAX_MESSAGE_CHARS = 8 * 1024;
    static final int MAX_STACK_TRACE_CHARS = 64 * 1024;

    private Failures() {}

    /** ERROR for what the runner ended (time limit, lost target), SKIPPED for aborts, FAILED for the rest. */
    static TestStatus statusOf(Throwable thrown) {
        if (thrown instanceof TestTimedOutException || thrown instanceof TargetLostException) {
            return TestStatus.ERROR;
        }
        if (thrown instanceof TestAbortedException) {
            return TestStatus.SKIPPED;
        }
        return TestStatus.FAILED;
    }

    static String message(Throwable thrown) {
        String message = thrown.getMessage();
        if (message == null || message.isBlank()) {
            message = thrown.getClass().getName();
        }
        return truncate(message, MAX_MESSAGE_CHARS);
    }

    /** The class of what a failed or erroneous test threw, or null for other results. */
    static String typeOf(TestStatus status, Optional<Throwable> thrown) {
        if (status != TestStatus.FAILED && status != TestStatus.ERROR) {
            return null;
        }
        return thrown.map(t -> t.getClass().getName()).orElse(null);
    }

    static String stackTrace(Throwable thrown) {
        var text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return truncate(text.toString(), MAX_STACK_TRACE_CHARS);
    }

    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        String marker = "\n… (" + (text.length() - max) + " more characters)";
        return text.substring(0, max - marker.length()) + marker;
    }
}
