package dev.hive.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.RunFailed;
import dev.hive.protocol.ipc.RunFinished;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything one runner process did, as the test monitor saw it.
 *
 * @param messages every message the runner sent, in order
 * @param receivedNanos when each of {@code messages} arrived, on the {@link System#nanoTime()} clock
 * @param launchedNanos when the runner process was started, on the same clock
 * @param exitCode the runner's exit code
 * @param stderr what it printed on stderr
 * @param stdout what it printed on stdout
 * @param exitedAfterNanos when the process ended, on the {@link System#nanoTime()} clock
 * @param firstTestStartedMillis from the process start to the first {@code testStarted}; -1 if none came
 */
public record RunRecord(
        List<IpcMessage> messages,
        List<Long> receivedNanos,
        long launchedNanos,
        int exitCode,
        String stderr,
        String stdout,
        long exitedAfterNanos,
        long firstTestStartedMillis) {

    public List<TestResult> results() {
        return messages.stream()
                .filter(m -> m instanceof dev.hive.protocol.ipc.TestFinished)
                .map(m -> ((dev.hive.protocol.ipc.TestFinished) m).result())
                .toList();
    }

    public List<TestStarted> started() {
        return messages.stream()
                .filter(TestStarted.class::isInstance)
                .map(TestStarted.class::cast)
                .toList();
    }

    public List<Connect> connects() {
        return messages.stream()
                .filter(Connect.class::isInstance)
                .map(Connect.class::cast)
                .toList();
    }

    public List<String> logs() {
        return messages.stream()
                .filter(Log.class::isInstance)
                .map(m -> ((Log) m).level() + " " + ((Log) m).message())
                .toList();
    }

    public Optional<RunFinished> finished() {
        return messages.stream()
                .filter(RunFinished.class::isInstance)
                .map(RunFinished.class::cast)
                .findFirst();
    }

    public Optional<RunFailed> failed() {
        return messages.stream()
                .filter(RunFailed.class::isInstance)
                .map(RunFailed.class::cast)
                .findFirst();
    }

    /** "channel/target", e.g. {@code 2/microbit}. */
    public static String cell(Cell cell) {
        return cell.channel() + "/" + cell.target();
    }

    /** Per cell, per test (test id), the status and message: the result matrix. */
    public Map<String, Map<String, String>> matrix() {
        return results().stream()
                .collect(Collectors.groupingBy(
                        r -> cell(r.cell()),
                        TreeMap::new,
                        Collectors.toMap(
                                TestResult::testId, RunRecord::outcome, (a, b) -> a + " AND " + b, TreeMap::new)));
    }

    /** Per target, per test: the outcome on channel {@code channel}; for comparing channels and runs. */
    public Map<String, Map<String, String>> byTarget(int channel) {
        return results().stream()
                .filter(r -> r.cell().channel() == channel)
                .collect(Collectors.groupingBy(
                        r -> r.cell().target(),
                        TreeMap::new,
                        Collectors.toMap(
                                TestResult::testId, RunRecord::outcome, (a, b) -> a + " AND " + b, TreeMap::new)));
    }

    public static String outcome(TestResult result) {
        return result.status() + (result.message() == null ? "" : ": " + result.message());
    }

    public List<TestResult> results(String target, String method) {
        return results().stream()
                .filter(r -> r.cell().target().equals(target) && r.methodName().equals(method))
                .toList();
    }

    public long count(TestStatus status) {
        return results().stream().filter(r -> r.status() == status).count();
    }

    /** One line for the test log: how many results, how long, and how soon the first test started. */
    public String describe(String label) {
        return "%s: %d results in %d ms, first testStarted %d ms after the JVM was started"
                .formatted(
                        label,
                        results().size(),
                        finished().map(f -> f.summary().durationMillis()).orElse(-1L),
                        firstTestStartedMillis());
    }

    /** Asserts the run completed: exit 0, no runner error, and a summary that counts exactly the results. */
    public void assertCompletedAndCounted() {
        assertThat(exitCode()).as(stderr()).isZero();
        assertThat(stderr()).doesNotContain("hive runner:");
        assertThat(failed()).isEmpty();
        Summary summary = finished().orElseThrow().summary();
        assertThat(summary.total()).isEqualTo(results().size());
        for (TestStatus status : TestStatus.values()) {
            assertThat((long) summary.count(status)).as(status.name()).isEqualTo(count(status));
        }
    }
}
