package dev.hive.runner.suite;

/** A test selection names what the runner does not hold, or holds a malformed tag expression. */
public final class SelectionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    SelectionException(String message) {
        super(message);
    }
}
