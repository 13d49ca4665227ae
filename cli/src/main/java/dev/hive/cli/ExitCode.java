package dev.hive.cli;

/** How {@code hive} ends; CI reads these, so they never change meaning. */
public final class ExitCode {

    /** Every test passed or was skipped (or the command did what it was asked). */
    public static final int OK = 0;

    /** A test failed. */
    public static final int TESTS_FAILED = 1;

    /** The command line or the configuration is wrong. */
    public static final int USAGE = 2;

    /** The runner did not build. */
    public static final int BUILD_FAILED = 3;

    /**
     * The monitor or the rack is not available, the monitor refused the API token, or the run ended in an
     * infrastructure error.
     */
    public static final int UNAVAILABLE = 4;

    private ExitCode() {}
}
