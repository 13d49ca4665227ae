package dev.hive.rack.backend;

/** A rack operation that could not be done; the message says what and why, in words for an operator. */
public class RackException extends RuntimeException {

    public RackException(String message) {
        super(message);
    }

    public RackException(String message, Throwable cause) {
        super(message, cause);
    }
}
