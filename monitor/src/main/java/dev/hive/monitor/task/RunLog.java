package dev.hive.monitor.task;

import dev.hive.monitor.log.LogEntry;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.log.LogSource;
import dev.hive.monitor.sandbox.OutputLog;
import dev.hive.monitor.sandbox.RunnerOutcome;
import dev.hive.protocol.ipc.Log;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one run: the monitor's own lines about it, the runner's log messages and, after it exited, its stdout
 * and stderr; each stored in the log table and told to the run's observers. Bounded: at most {@code maxLines} of
 * stdout, of stderr (the last ones) and of log messages (the first ones), each line cut at 2,000 characters.
 */
final class RunLog {
    private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
    private static final int MAX_LINE_CHARS = 2_000;

    private final long runId;
    private final LogRepository logs;
    private final int maxLines;
    private final Consumer<Consumer<RunObserver>> tell;
    private final AtomicInteger logLines = new AtomicInteger();

    RunLog(long runId, LogRepository logs, int maxLines, Consumer<Consumer<RunObserver>> tell) {
        this.runId = runId;
        this.logs = logs;
        this.maxLines = maxLines;
        this.tell = tell;
    }

    /** A line from the monitor in the run's log (e.g. a part of the rack a lease holds back). */
    void monitorLine(String text) {
        LOG.info("run {}: {}", runId, text);
        logs.append(LogEntry.of(LogSource.MONITOR, Optional.of(runId), "WARN", "monitor.lease", text, Instant.now()));
        tell.accept(o -> o.log(runId, "monitor", "WARN", text));
    }

    /** A log message of the runner, as it arrives. */
    void runnerLog(Log log) {
        if (logLines.incrementAndGet() > maxLines) {
            return;
        }
        String text = cut(log.message());
        String logger = log.channel() == null ? "runner" : "runner.channel" + log.channel();
        logs.append(
                LogEntry.of(LogSource.RUNNER, Optional.of(runId), log.level().name(), logger, text, Instant.now()));
        tell.accept(o -> o.log(runId, "runner", log.level().name(), text));
    }

    /** The exited runner's stdout and stderr. */
    void runnerOutput(RunnerOutcome outcome) {
        storeLines("stdout", "INFO", outcome.stdout());
        storeLines("stderr", "WARN", outcome.stderr());
    }

    private void storeLines(String source, String level, OutputLog.Snapshot snapshot) {
        if (snapshot.totalBytes() == 0 || maxLines == 0) {
            return;
        }
        List<String> lines = new ArrayList<>(snapshot.text().lines().toList());
        if (lines.size() > maxLines) {
            int dropped = lines.size() - maxLines;
            lines = new ArrayList<>(lines.subList(dropped, lines.size()));
            lines.add(0, "[... " + dropped + " earlier lines not kept ...]");
        }
        Instant now = Instant.now();
        for (String line : lines) {
            String text = cut(line);
            try {
                logs.append(LogEntry.of(LogSource.RUNNER, Optional.of(runId), level, "runner." + source, text, now));
            } catch (RuntimeException e) {
                LOG.warn("run {}: storing a runner line failed", runId, e);
                return;
            }
            tell.accept(o -> o.log(runId, source, level, text));
        }
    }

    private static String cut(String line) {
        return line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + " [...]" : line;
    }
}
