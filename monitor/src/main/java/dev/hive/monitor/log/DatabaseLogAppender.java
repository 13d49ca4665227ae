package dev.hive.monitor.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Puts the monitor's own log events (INFO and above) into the logs table, so the web UI and CLI can read them
 * back. The logging thread never waits for the database: events go into a bounded queue that one daemon
 * thread writes in batches, each batch one transaction. When the queue is full, events are dropped and
 * counted, and the next batch starts with a WARN line saying how many were lost. The table is pruned to the
 * newest {@code keep} rows (monitor and runner lines together) when the writer starts, every
 * {@value #PRUNE_EVERY} rows, and when it stops.
 *
 * <p>The database opens after logging starts, so the composition root attaches this appender with
 * {@link #install} once the {@link LogRepository} exists, and closes it before closing the database.
 */
public final class DatabaseLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** Rows kept by default; the monitor passes {@code limits.logRetentionRows}. */
    public static final int DEFAULT_KEEP = 100_000;
    /** Events waiting for the writer before new ones are dropped. */
    public static final int DEFAULT_CAPACITY = 10_000;

    static final int BATCH = 500;
    static final int PRUNE_EVERY = 1_000;
    static final int THROWABLE_LINES = 8;
    static final int MAX_MESSAGE_CHARS = 8_000;
    private static final long STOP_WAIT_MS = 10_000;

    private final LogRepository logs;
    private final int keep;
    private final int capacity;
    private final BlockingQueue<LogEntry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stopping;
    private volatile Thread writer;
    private boolean failing;

    /** An appender with the default queue capacity. */
    public DatabaseLogAppender(LogRepository logs, int keep) {
        this(logs, keep, DEFAULT_CAPACITY);
    }

    DatabaseLogAppender(LogRepository logs, int keep, int capacity) {
        if (keep < 1 || capacity < 1) {
            throw new IllegalArgumentException("keep and capacity must be at least 1, got " + keep + ", " + capacity);
        }
        this.logs = logs;
        this.keep = keep;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Starts an appender on the root logger of SLF4J's Logback context. Closing the answer detaches it, writes
     * what is still queued and prunes; do that before closing the database.
     */
    public static AutoCloseable install(LogRepository logs, int keep) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("SLF4J is bound to "
                    + LoggerFactory.getILoggerFactory().getClass().getName()
                    + ", not Logback; the database log appender needs Logback");
        }
        DatabaseLogAppender appender = new DatabaseLogAppender(logs, keep);
        appender.setContext(context);
        appender.setName("DATABASE");
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return () -> {
            root.detachAppender(appender);
            appender.stop();
        };
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        stopping = false;
        Thread t = new Thread(this::drain, "hive-log-writer");
        t.setDaemon(true);
        writer = t;
        t.start();
        super.start();
    }

    /** Stops taking events, writes what is queued (waiting up to 10 s) and prunes. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        try {
            writer.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.INFO) || Thread.currentThread() == writer) {
            return; // below INFO, or the writer's own database work: storing that would feed itself
        }
        if (!queue.offer(entryOf(event))) {
            dropped.incrementAndGet();
        }
    }

    static LogEntry entryOf(ILoggingEvent event) {
        String message = event.getFormattedMessage() == null ? "" : event.getFormattedMessage();
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null && event.getLevel().isGreaterOrEqual(Level.WARN)) {
            message += "\n"
                    + ThrowableProxyUtil.asString(thrown)
                            .lines()
                            .limit(THROWABLE_LINES)
                            .reduce((a, b) -> a + "\n" + b)
                            .orElse("");
        }
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS) + " [cut]";
        }
        return LogEntry.of(
                LogSource.MONITOR,
                Optional.empty(),
                event.getLevel().toString(),
                event.getLoggerName(),
                message,
                Instant.ofEpochMilli(event.getTimeStamp()));
    }

    private void drain() {
        prune();
        List<LogEntry> batch = new ArrayList<>(BATCH);
        int sincePrune = 0;
        while (true) {
            LogEntry first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                if (stopping) {
                    break;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            sincePrune += write(batch);
            batch.clear();
            if (sincePrune >= PRUNE_EVERY) {
                prune();
                sincePrune = 0;
            }
        }
        write(batch); // reports drops that no later event would carry
        prune();
    }

    /** Writes the batch, headed by a notice when events were dropped; returns the rows written. */
    private int write(List<LogEntry> batch) {
        long lost = dropped.getAndSet(0);
        if (batch.isEmpty() && lost == 0) {
            return 0;
        }
        List<LogEntry> rows = new ArrayList<>(batch.size() + 1);
        if (lost > 0) {
            Instant at = batch.isEmpty() ? Instant.now() : batch.get(0).at();
            rows.add(LogEntry.of(
                    LogSource.MONITOR,
                    Optional.empty(),
                    Level.WARN.toString(),
                    DatabaseLogAppender.class.getName(),
                    lost + " log entries were dropped: the database writer fell behind (queue of " + capacity + ")",
                    at));
        }
        rows.addAll(batch);
        try {
            logs.appendAll(rows);
            failing = false;
            return rows.size();
        } catch (RuntimeException e) {
            dropped.addAndGet(lost + batch.size());
            if (!failing) {
                addError("cannot write log entries to the database; counting them as dropped", e);
                failing = true;
            }
            return 0;
        }
    }

    private void prune() {
        try {
            logs.prune(keep);
        } catch (RuntimeException e) {
            addError("cannot prune the logs table to " + keep + " rows", e);
        }
    }
}
