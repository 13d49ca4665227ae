package dev.hive.monitor.sandbox;

import java.time.Duration;

/**
 * How a supervised runner process ended.
 *
 * @param kind how it ended
 * @param exitCode the exit value of the started process (for TIMED_OUT/KILLED the value after the kill,
 *     e.g. 143 or 137)
 * @param elapsed wall-clock time from start to the end
 * @param stdout what was kept of stdout
 * @param stderr what was kept of stderr
 */
public record RunnerOutcome(
        Kind kind, int exitCode, Duration elapsed, OutputLog.Snapshot stdout, OutputLog.Snapshot stderr) {

    /** How the process ended. */
    public enum Kind {
        /** The process exited by itself; see {@link #exitCode()}. */
        EXITED,
        /** The wall-clock limit passed; the whole process tree was killed. */
        TIMED_OUT,
        /** {@link RunnerProcess#cancel()} was called; the whole process tree was killed. */
        KILLED
    }

    /** An excerpt of the runner's output for error messages (head and tail of stdout and stderr). */
    public String outputExcerpt(int maxCharsPerPart) {
        return "stdout:\n" + stdout.excerpt(maxCharsPerPart) + "\nstderr:\n" + stderr.excerpt(maxCharsPerPart);
    }
}
