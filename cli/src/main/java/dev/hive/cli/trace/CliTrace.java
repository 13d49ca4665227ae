package dev.hive.cli.trace;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The steps of one {@code hive} command, each timed once (its first time), when {@code HIVE_CLI_TRACE=1} or {@code
 * -Dhive.cli.trace=true}; off, a step costs one read of a constant. {@link #report()} gives the times in milliseconds
 * since the JVM started and the process's CPU time: the JVM's uptime is read once, at the end, so tracing loads
 * nothing on the way.
 */
public final class CliTrace {

    /** The steps, in the order a warm {@code hive test} takes them. */
    public enum Step {
        /** {@code Main.main} entered: the JVM is up and the CLI's first class loaded. */
        MAIN,
        /** The command line built (picocli's model of every subcommand). */
        COMMAND_LINE,
        /** The subcommand's {@code call()} entered: the arguments parsed. */
        COMMAND,
        /** The monitor's HTTP client and its JSON mapper built. */
        CLIENT,
        /** The candidate located (its POMs read). */
        CANDIDATE,
        /** The runner JAR known: the fingerprint matched (reused) or Maven built it. */
        RUNNER,
        /** The runner's tests listed (from the workspace's cached listing, or the runner's list mode). */
        LISTED,
        /** The provenance gathered (three {@code git} commands, on a thread of their own). */
        PROVENANCE,
        /** The monitor's answer to {@code POST /api/v1/runs} (by hash, or the upload). */
        SUBMITTED,
        /** The run's WebSocket open. */
        SOCKET_OPEN,
        /** The run's first event on the socket. */
        FIRST_EVENT,
        /** The first {@code testFinished}. */
        FIRST_RESULT,
        /** The {@code runEnded} event. */
        RUN_ENDED,
        /** The run as the monitor stores it ({@code GET /api/v1/runs/{id}}), fetched after its end. */
        RUN_FETCHED,
        /** The results table, the summary and the report files written. */
        REPORTED,
        /** {@code Main} about to exit. */
        EXIT
    }

    /** Whether tracing is on: {@code HIVE_CLI_TRACE=1} (or {@code true}), or {@code -Dhive.cli.trace=true}. */
    public static final boolean ENABLED = Boolean.getBoolean("hive.cli.trace")
            || "1".equals(System.getenv("HIVE_CLI_TRACE"))
            || "true".equalsIgnoreCase(System.getenv("HIVE_CLI_TRACE"));

    private static final Map<Step, Long> AT = new EnumMap<>(Step.class);

    private CliTrace() {}

    /** Records {@code step} now, unless it was recorded before or tracing is off. */
    public static void mark(Step step) {
        if (ENABLED) {
            long now = System.nanoTime();
            synchronized (AT) {
                AT.putIfAbsent(step, now);
            }
        }
    }

    /**
     * The line the CLI writes at its end: {@code hive cli trace (ms since JVM start): main 95, command-line 180, ...;
     * cpu 1210 ms}. The CPU time is this JVM's (user + system), without the processes it started ({@code git}, Maven,
     * the runner's list mode).
     */
    public static String report() {
        long uptimeNow = ManagementFactory.getRuntimeMXBean().getUptime();
        long nanoNow = System.nanoTime();
        var line = new StringJoiner(", ", "hive cli trace (ms since JVM start): ", "");
        synchronized (AT) {
            AT.forEach(
                    (step, at) -> line.add(step.name().toLowerCase(Locale.ROOT).replace('_', '-') + " "
                            + (uptimeNow - (nanoNow - at) / 1_000_000)));
        }
        long cpu = ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toMillis)
                .orElse(-1L);
        return line + "; cpu " + cpu + " ms";
    }
}
