package dev.hive.runner.suite;

/**
 * A test (or a lifecycle method) ran past its time limit; its result is ERROR. The stack trace is that of the
 * test's thread at the moment of the timeout, so it shows where the test hung.
 */
public final class TestTimedOutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TestTimedOutException(String what, long limitMillis, StackTraceElement[] whereItHung) {
        super((what.isEmpty() ? "" : what + " ") + "timed out after " + limitMillis + " ms");
        setStackTrace(whereItHung);
    }
}
