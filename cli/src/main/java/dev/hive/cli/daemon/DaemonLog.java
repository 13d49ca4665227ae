package dev.hive.cli.daemon;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The daemon's log: timed lines on its standard error, which the launcher sends to the file {@code log}. */
final class DaemonLog {

    private final PrintStream stream;

    DaemonLog(PrintStream stream) {
        this.stream = stream;
    }

    void line(String text) {
        stream.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + text);
        stream.flush();
    }

    /** This process's CPU time so far (user + system), in milliseconds; -1 when the platform does not say. */
    static long cpuMillis() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toMillis)
                .orElse(-1L);
    }
}
