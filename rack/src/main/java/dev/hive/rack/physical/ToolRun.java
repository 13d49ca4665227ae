package dev.hive.rack.physical;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What happened when an external tool was run.
 *
 * @param command the arguments it was started with
 * @param ending how it ended
 * @param exitCode the exit code when it {@link Ending#EXITED}, otherwise -1
 * @param duration from start to end (or to the kill)
 * @param output stdout and stderr interleaved, as far as kept: the tail, after a marker line when the start
 *     was cut off
 * @param truncated whether the start of the output was cut off
 * @param killed how many processes were killed (the tool and its descendants); 0 unless timed out or interrupted
 * @param problem why it could not be started, for {@link Ending#NOT_STARTED}; empty otherwise
 */
public record ToolRun(
        List<String> command,
        Ending ending,
        int exitCode,
        Duration duration,
        String output,
        boolean truncated,
        int killed,
        String problem) {

    public enum Ending {
        /** It ran to its end; see the exit code. */
        EXITED,
        /** It ran past its time and was killed with its descendants. */
        TIMED_OUT,
        /** The waiting thread was interrupted (the rack is closing); it was killed with its descendants. */
        INTERRUPTED,
        /** It could not be started at all. */
        NOT_STARTED
    }

    public ToolRun {
        command = List.copyOf(command);
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(duration, "duration");
        output = Objects.requireNonNullElse(output, "");
        problem = Objects.requireNonNullElse(problem, "");
    }

    public boolean succeeded() {
        return ending == Ending.EXITED && exitCode == 0;
    }

    /** The program as it was named in the command. */
    public String program() {
        return command.isEmpty() ? "" : command.get(0);
    }

    /** One sentence for people, e.g. {@code probe-rs exited with code 1 after 0.4 s}. */
    public String summary() {
        String took = seconds(duration);
        return switch (ending) {
            case EXITED -> program() + " exited with code " + exitCode + " after " + took;
            case TIMED_OUT -> program() + " did not finish in time and was killed after " + took
                    + (killed > 1 ? ", together with " + (killed - 1) + " process(es) it had started" : "");
            case INTERRUPTED -> program() + " was cancelled after " + took
                    + " and stopped (the rack is closing or the caller gave up)";
            case NOT_STARTED -> problem;
        };
    }

    /** {@code 0.4 s} or {@code 12.0 s}. */
    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
