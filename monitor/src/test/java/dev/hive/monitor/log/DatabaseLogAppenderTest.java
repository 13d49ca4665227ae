package dev.hive.monitor.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.hive.monitor.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class DatabaseLogAppenderTest {
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

    /** The stored lines of one logger, newest first. */
    private List<LogEntry> linesOf(String logger) {
        return logs.newest(LogSource.MONITOR, 1_000, Optional.empty()).stream()
                .filter(e -> e.logger().equals(logger))
                .toList();
    }

    @Test
    void eventsLoggedThroughSlf4jAreStoredInOrder() throws Exception {
        Logger log = LoggerFactory.getLogger("dev.hive.test.StoredLines");
        try (AutoCloseable installed = DatabaseLogAppender.install(logs, 1_000)) {
            log.info("rack ready with {} targets", 3);
            log.debug("not stored: below INFO");
            log.warn("flash failed on stack {}", 0, new IllegalStateException("probe did not answer"));
            log.error("giving up");
        }
        log.info("not stored: logged after close");

        List<LogEntry> lines = linesOf("dev.hive.test.StoredLines");
        assertThat(lines).extracting(LogEntry::level).containsExactly("ERROR", "WARN", "INFO");
        assertThat(lines.get(2).message()).isEqualTo("rack ready with 3 targets");
        assertThat(lines.get(1).message())
                .startsWith("flash failed on stack 0\njava.lang.IllegalStateException: probe did not answer\n\tat ")
                .contains("DatabaseLogAppenderTest");
        assertThat(lines.get(1).message().lines()).hasSize(1 + DatabaseLogAppender.THROWABLE_LINES);
        assertThat(lines.get(0).message()).isEqualTo("giving up");
        assertThat(lines.get(0).runId()).isEmpty();
    }

    @Test
    void aFullQueueDropsEventsAndTheNextWriteCountsThem() {
        LoggerContext context = new LoggerContext();
        DatabaseLogAppender appender = new DatabaseLogAppender(logs, 1_000, 3);
        appender.setContext(context);
        ch.qos.logback.classic.Logger logger = context.getLogger("dev.hive.test.Overflow");
        // The writer is not running yet, so the queue fills deterministically; append never waits.
        for (int i = 0; i < 10; i++) {
            appender.append(new LoggingEvent(
                    DatabaseLogAppenderTest.class.getName(), logger, Level.INFO, "event " + i, null, null));
        }
        appender.start();
        appender.stop();

        List<LogEntry> all = logs.newest(LogSource.MONITOR, 100, Optional.empty());
        assertThat(all)
                .extracting(LogEntry::message)
                .containsExactly(
                        "event 2",
                        "event 1",
                        "event 0",
                        "7 log entries were dropped: the database writer fell behind (queue of 3)");
        assertThat(all.get(3).level()).isEqualTo("WARN");
        assertThat(all.get(3).logger()).isEqualTo(DatabaseLogAppender.class.getName());
    }

    @Test
    void onlyTheNewestEntriesAreKept() {
        LoggerContext context = new LoggerContext();
        DatabaseLogAppender appender = new DatabaseLogAppender(logs, 5);
        appender.setContext(context);
        appender.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("dev.hive.test.Retention");
        logger.addAppender(appender);
        for (int i = 0; i < 20; i++) {
            logger.info("line {}", i);
        }
        appender.stop();

        assertThat(logs.count()).isEqualTo(5);
        assertThat(logs.newest(LogSource.MONITOR, 10, Optional.empty()))
                .extracting(LogEntry::message)
                .containsExactly("line 19", "line 18", "line 17", "line 16", "line 15");
    }

    @Test
    void longMessagesAreCut() {
        LoggerContext context = new LoggerContext();
        ch.qos.logback.classic.Logger logger = context.getLogger("x");
        LogEntry e = DatabaseLogAppender.entryOf(new LoggingEvent(
                "fqcn", logger, Level.INFO, "y".repeat(DatabaseLogAppender.MAX_MESSAGE_CHARS + 100), null, null));
        assertThat(e.message())
                .hasSize(DatabaseLogAppender.MAX_MESSAGE_CHARS + " [cut]".length())
                .endsWith(" [cut]");
    }
}
