package dev.hive.monitor.log;

import static dev.hive.monitor.db.generated.Tables.LOGS;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.generated.tables.records.LogsRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Monitor and runner log lines, read back newest first and pruned to a bounded number of rows. Plain
 * blocking calls; see {@link Database} for threading.
 */
public final class LogRepository {
    private final Database db;

    public LogRepository(Database db) {
        this.db = db;
    }

    private final List<Consumer<LogEntry>> listeners = new CopyOnWriteArrayList<>();

    /**
     * {@code listener} hears every line once it is stored, with its id (on the storing thread: keep it short,
     * do not block).
     */
    public void onAppended(Consumer<LogEntry> listener) {
        listeners.add(listener);
    }

    /** Stores a line; returns its id. */
    public long append(LogEntry e) {
        long id = db.write(d -> insert(d, e));
        tell(List.of(withId(e, id)));
        return id;
    }

    /** Stores lines in order, in one transaction. */
    public void appendAll(List<LogEntry> entries) {
        List<LogEntry> stored =
                db.write(d -> entries.stream().map(e -> withId(e, insert(d, e))).toList());
        tell(stored);
    }

    private static LogEntry withId(LogEntry e, long id) {
        return new LogEntry(id, e.source(), e.runId(), e.level(), e.logger(), e.message(), e.at());
    }

    private void tell(List<LogEntry> stored) {
        for (Consumer<LogEntry> listener : listeners) {
            for (LogEntry e : stored) {
                try {
                    listener.accept(e);
                } catch (RuntimeException ex) {
                    // a listener must never make logging fail; it cannot log here either
                }
            }
        }
    }

    private static long insert(DSLContext d, LogEntry e) {
        return d.insertInto(LOGS)
                .set(LOGS.SOURCE, e.source().name())
                .set(LOGS.RUN_ID, e.runId().orElse(null))
                .set(LOGS.LEVEL, e.level())
                .set(LOGS.LOGGER, e.logger())
                .set(LOGS.MESSAGE, e.message())
                .set(LOGS.AT, e.at().toEpochMilli())
                .returning(LOGS.ID)
                .fetchOne()
                .getId();
    }

    /**
     * Up to {@code limit} lines of a source, newest first, older than the cursor {@code before} (an id from a
     * previous page) when given.
     */
    public List<LogEntry> newest(LogSource source, int limit, Optional<Long> before) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        Condition c = LOGS.SOURCE.eq(source.name());
        if (before.isPresent()) {
            c = c.and(LOGS.ID.lt(before.get()));
        }
        Condition where = c;
        return db.read(d -> d.selectFrom(LOGS)
                .where(where)
                .orderBy(LOGS.ID.desc())
                .limit(limit)
                .fetch(LogRepository::toEntry));
    }

    /**
     * Like {@link #newest(LogSource, int, Optional)}, only lines whose level (case-insensitive) is one of
     * {@code levels}.
     */
    public List<LogEntry> newest(LogSource source, java.util.Set<String> levels, int limit, Optional<Long> before) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        Condition c = LOGS.SOURCE.eq(source.name()).and(DSL.upper(LOGS.LEVEL).in(levels));
        if (before.isPresent()) {
            c = c.and(LOGS.ID.lt(before.get()));
        }
        Condition where = c;
        return db.read(d -> d.selectFrom(LOGS)
                .where(where)
                .orderBy(LOGS.ID.desc())
                .limit(limit)
                .fetch(LogRepository::toEntry));
    }

    /** Deletes all but the newest {@code keep} rows; returns how many were deleted. */
    public int prune(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative");
        }
        return db.write(d -> {
            Long oldestKept = d.select(LOGS.ID)
                    .from(LOGS)
                    .orderBy(LOGS.ID.desc())
                    .limit(DSL.inline(1))
                    .offset(DSL.inline(Math.max(keep - 1, 0)))
                    .fetchOne(LOGS.ID);
            if (keep == 0) {
                return d.deleteFrom(LOGS).execute();
            }
            return oldestKept == null
                    ? 0
                    : d.deleteFrom(LOGS).where(LOGS.ID.lt(oldestKept)).execute();
        });
    }

    public int count() {
        return db.read(d -> d.fetchCount(LOGS));
    }

    private static LogEntry toEntry(LogsRecord r) {
        return new LogEntry(
                r.getId(),
                LogSource.valueOf(r.getSource()),
                Optional.ofNullable(r.getRunId()),
                r.getLevel(),
                r.getLogger(),
                r.getMessage(),
                Instant.ofEpochMilli(r.getAt()));
    }
}
