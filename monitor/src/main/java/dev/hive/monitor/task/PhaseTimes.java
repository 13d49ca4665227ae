package dev.hive.monitor.task;

import dev.hive.protocol.run.RunPhase;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one run's time went: when each of its phases began, and within RUNNING when the runner's first test
 * started (its JVM start, connection and suite discovery lie before). Logged once at the run's end, as {@code
 * PREPARING 2 ms, FLASHING 180 ms, RUNNING to the first test 640 ms, tests 3010 ms, COLLECTING 4 ms, RESTORING
 * 190 ms; total 4026 ms}: the figures of docs/performance.md's phase table.
 */
final class PhaseTimes {

    private record Mark(String name, long nanos) {}

    private final List<Mark> marks = new ArrayList<>();
    private boolean testStarted;

    /** The run entered {@code phase}. */
    synchronized void enter(RunPhase phase) {
        marks.add(new Mark(phase == RunPhase.RUNNING ? "RUNNING to the first test" : phase.name(), System.nanoTime()));
    }

    /** A test started; the first one ends the runner's start. */
    synchronized void testStarted() {
        if (!testStarted) {
            testStarted = true;
            marks.add(new Mark("tests", System.nanoTime()));
        }
    }

    /** Each phase's duration, in order, up to now. */
    synchronized String summary() {
        long now = System.nanoTime();
        var out = new StringBuilder();
        for (int i = 0; i < marks.size(); i++) {
            long end = i + 1 < marks.size() ? marks.get(i + 1).nanos() : now;
            if (i > 0) {
                out.append(", ");
            }
            out.append(marks.get(i).name())
                    .append(' ')
                    .append(millis(end - marks.get(i).nanos()))
                    .append(" ms");
        }
        long total = marks.isEmpty() ? 0 : now - marks.get(0).nanos();
        return out.append("; total ").append(millis(total)).append(" ms").toString();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
