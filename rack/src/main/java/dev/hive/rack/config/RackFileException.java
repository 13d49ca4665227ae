package dev.hive.rack.config;

/** A rack file that cannot be used; the message names the file, the line when known, and the problem. */
public final class RackFileException extends RuntimeException {

    public RackFileException(String message) {
        super(message);
    }

    public RackFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
