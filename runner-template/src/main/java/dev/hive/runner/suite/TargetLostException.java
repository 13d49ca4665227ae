package dev.hive.runner.suite;

/** The target died under a running test; its result is ERROR with the monitor's message. */
public final class TargetLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TargetLostException(String message) {
        super(message, null, false, false);
    }
}
