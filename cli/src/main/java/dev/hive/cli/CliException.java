package dev.hive.cli;

/**
 * An error the user is told about in one message, without a stack trace (unless {@code --stacktrace}), and that
 * ends the command with {@link #exitCode()}.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A usage or configuration error: exit 2. */
    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    /** The monitor is unreachable, refused us, or the rack failed: exit 4. */
    public static CliException unavailable(String message, Throwable cause) {
        return new CliException(ExitCode.UNAVAILABLE, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
