package dev.hive.runner;

/** The runner's exit codes, as {@code docs/ipc.md} lists them. */
public enum ExitCode {
    /** The run completed, whatever the test outcomes, or was cancelled. */
    COMPLETED(0),
    /** Bad command line. */
    USAGE(2),
    /** Protocol error, or the monitor went away. */
    PROTOCOL(3),
    /** A probe the monitor lists is not reachable. */
    DESYNC(4),
    /** The runner itself failed. */
    INTERNAL(5);

    final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit code. */
    public int code() {
        return code;
    }
}
