package dev.hive.monitor.log;

import java.time.Instant;
import java.util.Optional;

/** One log line; {@code id} is 0 before it is stored and is the cursor for paging afterwards. */
public record LogEntry(
        long id, LogSource source, Optional<Long> runId, String level, String logger, String message, Instant at) {

    /** A line not yet stored. */
    public static LogEntry of(
            LogSource source, Optional<Long> runId, String level, String logger, String message, Instant at) {
        return new LogEntry(0, source, runId, level, logger, message, at);
    }
}
