package dev.hive.monitor.task;

import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One test's outcome on one cell (probe × target) of a run. Optional parts are empty when unknown.
 *
 * @param failureType the class of what a failed or erroneous test threw
 * @param output what the test printed and reported, empty when it said nothing
 * @param setup the rack, testprogram and {@code HIVE_UID} of the cell when the test ran
 */
public record TestResult(
        long runId,
        String testId,
        String displayName,
        Optional<String> className,
        Optional<String> methodName,
        Optional<Integer> channel,
        Optional<String> probe,
        Optional<String> probeSerial,
        Optional<Integer> stack,
        Optional<Integer> slot,
        Optional<String> target,
        TestStatus status,
        Optional<String> message,
        Optional<String> stackTrace,
        Optional<Instant> startedAt,
        Optional<Duration> duration,
        Optional<String> failureType,
        Optional<TestOutput> output,
        Optional<CellSetup> setup) {

    /** A result without failure type, output and setup. */
    public TestResult(
            long runId,
            String testId,
            String displayName,
            Optional<String> className,
            Optional<String> methodName,
            Optional<Integer> channel,
            Optional<String> probe,
            Optional<String> probeSerial,
            Optional<Integer> stack,
            Optional<Integer> slot,
            Optional<String> target,
            TestStatus status,
            Optional<String> message,
            Optional<String> stackTrace,
            Optional<Instant> startedAt,
            Optional<Duration> duration) {
        this(
                runId,
                testId,
                displayName,
                className,
                methodName,
                channel,
                probe,
                probeSerial,
                stack,
                slot,
                target,
                status,
                message,
                stackTrace,
                startedAt,
                duration,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** What the runner reported for run {@code runId}, with the cell's setup as the monitor described it. */
    public static TestResult of(long runId, dev.hive.protocol.run.TestResult r, Optional<CellSetup> setup) {
        Cell c = r.cell();
        return new TestResult(
                runId,
                r.testId(),
                r.displayName(),
                Optional.of(r.className()),
                Optional.of(r.methodName()),
                Optional.of(c.channel()),
                Optional.of(c.probe()),
                Optional.of(c.probeSerial()),
                Optional.of(c.stack()),
                Optional.of(c.slot()),
                Optional.of(c.target()),
                r.status(),
                Optional.ofNullable(r.message()),
                Optional.ofNullable(r.stackTrace()),
                Optional.of(r.startedAt()),
                Optional.of(Duration.ofMillis(r.durationMillis())),
                Optional.ofNullable(r.failureType()),
                Optional.ofNullable(r.output()),
                setup);
    }
}
