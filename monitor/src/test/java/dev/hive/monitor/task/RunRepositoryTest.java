package dev.hive.monitor.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.MutableClock;
import dev.hive.protocol.run.TestStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRepositoryTest {
    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Database db;
    RunRepository runs;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("hive.db"), clock);
        runs = new RunRepository(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRunGoesQueuedRunningFinishedWithTimes() {
        Run r = runs.createQueued("{}", "ab12", Optional.empty());
        assertThat(r.state()).isEqualTo(RunState.QUEUED);
        clock.advance(Duration.ofSeconds(1));
        Run running = runs.transition(r.id(), RunState.RUNNING, Optional.empty());
        assertThat(running.startedAt()).contains(clock.instant());
        clock.advance(Duration.ofSeconds(1));
        Run done = runs.transition(r.id(), RunState.FINISHED, Optional.empty());
        assertThat(done.state()).isEqualTo(RunState.FINISHED);
        assertThat(done.finishedAt()).contains(clock.instant());
        assertThat(done.summary()).isEqualTo(Run.Summary.EMPTY); // no results stored: RunSummaryTest counts them
    }

    @Test
    void illegalTransitionsAreRefusedWithAClearMessage() {
        Run r = runs.createQueued("{}", "ab12", Optional.empty());
        assertThatThrownBy(() -> runs.transition(r.id(), RunState.FINISHED, Optional.empty()))
                .isInstanceOf(IllegalRunTransitionException.class)
                .hasMessageContaining("run " + r.id() + " cannot go from queued to finished");
        runs.transition(r.id(), RunState.CANCELLED, Optional.empty());
        assertThatThrownBy(() -> runs.transition(r.id(), RunState.RUNNING, Optional.empty()))
                .hasMessageContaining("cannot go from cancelled to running")
                .hasMessageContaining("nothing, it is final");
        assertThat(runs.find(r.id()).orElseThrow().state()).isEqualTo(RunState.CANCELLED);
        assertThatThrownBy(() -> runs.transition(999, RunState.RUNNING, Optional.empty()))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no run 999");
    }

    @Test
    void unfinishedRunsAreInterruptedAtStartup() {
        Run queued = runs.createQueued("{}", "a", Optional.empty());
        Run running = runs.createQueued("{}", "b", Optional.empty());
        runs.transition(running.id(), RunState.RUNNING, Optional.empty());
        Run failed = runs.createQueued("{}", "c", Optional.empty());
        runs.transition(failed.id(), RunState.FAILED, Optional.of("runner exited"));
        db.close();

        db = Database.open(dir.resolve("hive.db"), clock);
        runs = new RunRepository(db, clock);
        assertThat(runs.interruptUnfinished()).isEqualTo(2);
        assertThat(runs.find(queued.id()).orElseThrow().state()).isEqualTo(RunState.INTERRUPTED);
        Run interrupted = runs.find(running.id()).orElseThrow();
        assertThat(interrupted.state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(interrupted.errorMessage()).get().asString().contains("monitor stopped");
        assertThat(runs.find(failed.id()).orElseThrow().errorMessage()).contains("runner exited");
    }

    @Test
    void listIsNewestFirstAndPaginated() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(runs.createQueued("{}", "r" + i, Optional.empty()).id());
        }
        assertThat(runs.list(2, 0)).extracting(Run::id).containsExactly(ids.get(4), ids.get(3));
        assertThat(runs.list(2, 4)).extracting(Run::id).containsExactly(ids.get(0));
        assertThat(runs.count()).isEqualTo(5);
        assertThat(runs.find(12345)).isEmpty();
    }

    @Test
    void resultsAreAppendedAndListedPerRunInOrder() {
        ResultRepository results = new ResultRepository(db);
        long a = runs.createQueued("{}", "a", Optional.empty()).id();
        long b = runs.createQueued("{}", "b", Optional.empty()).id();
        TestResult full = new TestResult(
                a,
                "t1",
                "reads memory",
                Optional.of("MemTests"),
                Optional.of("reads"),
                Optional.of(0),
                Optional.of("rsp"),
                Optional.of("S1"),
                Optional.of(1),
                Optional.of(2),
                Optional.of("lm3s6965"),
                TestStatus.FAILED,
                Optional.of("expected 1"),
                Optional.of("at x"),
                Optional.of(Instant.parse("2026-01-01T00:00:01Z")),
                Optional.of(Duration.ofMillis(42)));
        TestResult bare = new TestResult(
                a,
                "t2",
                "skipped",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                TestStatus.SKIPPED,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        results.append(full);
        results.append(new TestResult(
                b,
                "x",
                "other run",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                TestStatus.PASSED,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
        results.append(bare);
        assertThat(results.listByRun(a)).containsExactly(full, bare);
        assertThat(results.listByRun(b)).hasSize(1);
    }

    @Test
    void writesFromManyThreadsAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    Run r = runs.createQueued("{}", "s" + n, Optional.empty());
                    return runs.transition(r.id(), RunState.RUNNING, Optional.empty());
                }));
            }
            for (Future<Run> f : futures) {
                assertThat(f.get().state()).isEqualTo(RunState.RUNNING);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(runs.count()).isEqualTo(200);
    }
}
