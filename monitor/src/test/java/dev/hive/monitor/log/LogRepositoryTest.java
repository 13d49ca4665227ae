package dev.hive.monitor.log;

import static dev.hive.monitor.db.generated.Tables.RUNS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRepositoryTest {
    @TempDir
    Path dir;

    Database db;
    LogRepository logs;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("hive.db"), Clock.systemUTC());
        logs = new LogRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void write(LogSource source, int n) {
        for (int i = 0; i < n; i++) {
            logs.append(LogEntry.of(source, Optional.empty(), "INFO", "t", source + " " + i, Instant.ofEpochMilli(i)));
        }
    }

    @Test
    void newestFirstWithACursor() {
        write(LogSource.MONITOR, 5);
        write(LogSource.RUNNER, 2);
        List<LogEntry> page1 = logs.newest(LogSource.MONITOR, 2, Optional.empty());
        assertThat(page1).extracting(LogEntry::message).containsExactly("MONITOR 4", "MONITOR 3");
        List<LogEntry> page2 =
                logs.newest(LogSource.MONITOR, 2, Optional.of(page1.get(1).id()));
        assertThat(page2).extracting(LogEntry::message).containsExactly("MONITOR 2", "MONITOR 1");
        List<LogEntry> page3 =
                logs.newest(LogSource.MONITOR, 2, Optional.of(page2.get(1).id()));
        assertThat(page3).extracting(LogEntry::message).containsExactly("MONITOR 0");
        assertThat(logs.newest(LogSource.RUNNER, 10, Optional.empty())).hasSize(2);
    }

    @Test
    void pruneKeepsTheNewestRows() {
        write(LogSource.MONITOR, 10);
        assertThat(logs.prune(20)).isZero();
        assertThat(logs.prune(3)).isEqualTo(7);
        assertThat(logs.count()).isEqualTo(3);
        assertThat(logs.newest(LogSource.MONITOR, 10, Optional.empty()))
                .extracting(LogEntry::message)
                .containsExactly("MONITOR 9", "MONITOR 8", "MONITOR 7");
        assertThat(logs.prune(0)).isEqualTo(3);
        assertThat(logs.count()).isZero();
    }

    @Test
    void runnerLinesKeepTheirRun() {
        long run = db.write(d -> d.insertInto(RUNS)
                .set(RUNS.STATE, "queued")
                .set(RUNS.OPTIONS_JSON, "{}")
                .set(RUNS.RUNNER_SHA256, "x")
                .set(RUNS.CREATED_AT, 0L)
                .returning(RUNS.ID)
                .fetchOne()
                .getId());
        logs.append(LogEntry.of(LogSource.RUNNER, Optional.of(run), "WARN", "runner", "hello", Instant.EPOCH));
        LogEntry e = logs.newest(LogSource.RUNNER, 1, Optional.empty()).get(0);
        assertThat(e.runId()).contains(run);
        assertThat(e.level()).isEqualTo("WARN");
        assertThat(e.at()).isEqualTo(Instant.EPOCH);
    }
}
