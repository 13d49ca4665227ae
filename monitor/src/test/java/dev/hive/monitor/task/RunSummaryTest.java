package dev.hive.monitor.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.MutableClock;
import dev.hive.protocol.run.TestStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run's summary counts the results stored for it, however the run ends: finished, failed or cancelled by the
 * task runner or a client, or interrupted at the next start after the monitor was killed.
 */
class RunSummaryTest {
    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Database db;
    RunRepository runs;
    ResultRepository results;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("hive.db"), clock);
        runs = new RunRepository(db, clock);
        results = new ResultRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @ParameterizedTest
    @EnumSource(
            value = RunState.class,
            names = {"FINISHED", "FAILED", "CANCELLED", "INTERRUPTED"})
    void aRunThatEndsCountsItsStoredResults(RunState end) {
        long id = runningRunWithResults();

        Run ended = runs.transition(id, end, Optional.of("why"));

        assertThat(ended.summary()).isEqualTo(new Run.Summary(3, 2, 1, 1));
        assertThat(runs.find(id).orElseThrow().summary()).isEqualTo(new Run.Summary(3, 2, 1, 1));
    }

    @Test
    void aRunLeftRunningByAKilledMonitorCountsItsStoredResultsWhenInterruptedAtTheNextStart() {
        long id = runningRunWithResults();
        long other = runs.createQueued("{}", "other", Optional.empty()).id();
        db.close(); // the monitor was killed: nothing else was written

        db = Database.open(dir.resolve("hive.db"), clock);
        runs = new RunRepository(db, clock);
        assertThat(runs.interruptUnfinished()).isEqualTo(3); // with the neighbour, queued

        Run interrupted = runs.find(id).orElseThrow();
        assertThat(interrupted.state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(interrupted.summary()).isEqualTo(new Run.Summary(3, 2, 1, 1));
        assertThat(runs.find(other).orElseThrow().summary()).isEqualTo(Run.Summary.EMPTY);
    }

    @Test
    void aRunCancelledWhileQueuedHasAnEmptySummary() {
        long id = runs.createQueued("{}", "q", Optional.empty()).id();

        assertThat(runs.transition(id, RunState.CANCELLED, Optional.empty()).summary())
                .isEqualTo(Run.Summary.EMPTY);
    }

    private long runningRunWithResults() {
        long id = runs.createQueued("{}", "r", Optional.empty()).id();
        runs.transition(id, RunState.RUNNING, Optional.empty());
        long neighbour = runs.createQueued("{}", "n", Optional.empty()).id();
        append(neighbour, TestStatus.PASSED); // another run's result is not counted
        append(id, TestStatus.PASSED);
        append(id, TestStatus.PASSED);
        append(id, TestStatus.PASSED);
        append(id, TestStatus.FAILED);
        append(id, TestStatus.FAILED);
        append(id, TestStatus.SKIPPED);
        append(id, TestStatus.ERROR);
        return id;
    }

    private void append(long runId, TestStatus status) {
        results.append(new TestResult(
                runId,
                "t-" + status,
                "a test",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                status,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    }
}
