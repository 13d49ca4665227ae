package dev.hive.monitor.task;

import dev.hive.protocol.run.TestStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One test's outcome on one cell (probe × target) of a run. Optional parts are empty when unknown. */
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
        Optional<Duration> duration) {}
