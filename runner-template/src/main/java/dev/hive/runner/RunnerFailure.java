package dev.hive.runner;

/** The run cannot go on; {@link Main} prints the message on one line of stderr and exits with the code. */
final class RunnerFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    RunnerFailure(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    RunnerFailure(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    ExitCode exitCode() {
        return exitCode;
    }
}
