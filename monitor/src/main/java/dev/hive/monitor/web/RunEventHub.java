package dev.hive.monitor.web;

import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.events.TestStarted;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what the task runner tells about runs into {@link RunEvent}s for the runs' WebSockets. A run is
 * {@linkplain #expect expected} when its first socket opens; from then on its events are numbered and kept in a
 * bounded {@link RunJournal}, so a client sees every phase even when the rack takes its run before the socket
 * listens, and a client whose socket dropped can {@linkplain #attach re-attach} after the last event it saw. An
 * ended run's journal is kept for the re-attach grace ({@code limits.reattachSeconds}), then dropped. A run nobody
 * expects is not followed.
 */
public final class RunEventHub implements RunObserver {

    /** Why a socket cannot (re-)attach to a run's events. */
    enum Refusal {
        /** No events of that run are kept: unknown run, ended longer ago than the grace, or a monitor restart. */
        NOT_KEPT,
        /** The socket's API token is not the one that opened the run's first socket, nor an admin. */
        NOT_YOURS,
        /** The events after the asked number no longer all fit the journal's bound. */
        TOO_OLD
    }

    private final Clock clock;
    private final Duration retention;
    private final Map<Long, RunJournal> runs = new ConcurrentHashMap<>();
    private final Map<Long, Long> startedAtMillis = new ConcurrentHashMap<>();

    public RunEventHub(Clock clock) {
        this(clock, MonitorConfig.Limits.DEFAULT_REATTACH);
    }

    /** A hub that keeps an ended run's events for {@code retention}. */
    public RunEventHub(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    /** Starts following {@code runId} for the socket of API token {@code owner}: its events are kept from now. */
    void expect(long runId, long owner) {
        purge();
        runs.putIfAbsent(runId, new RunJournal(runId, owner));
    }

    /** Starts following {@code runId}, owned by nobody in particular (tests). */
    void expect(long runId) {
        expect(runId, -1);
    }

    /** Why a socket of token {@code token} cannot attach after {@code after}; empty when it can. */
    Optional<Refusal> refusal(long runId, long token, boolean admin, long after) {
        purge();
        RunJournal journal = runs.get(runId);
        if (journal == null) {
            return Optional.of(Refusal.NOT_KEPT);
        }
        if (journal.owner() != token && !admin) {
            return Optional.of(Refusal.NOT_YOURS);
        }
        return journal.keeps(after) ? Optional.empty() : Optional.of(Refusal.TOO_OLD);
    }

    /** The number of the oldest event kept for {@code runId}, or 0 when none is. */
    long oldest(long runId) {
        RunJournal journal = runs.get(runId);
        return journal == null ? 0 : journal.oldest();
    }

    /**
     * {@code listener} hears the run's kept events after {@code after}, then every event as it happens, up to its
     * {@link RunEnded}; a socket listening before hears that it was replaced.
     *
     * @return false when the events after {@code after} are no longer kept (nothing was sent)
     */
    boolean attach(long runId, long after, RunJournal.Listener listener) {
        RunJournal journal = runs.get(runId);
        return journal != null && journal.attach(after, listener);
    }

    /** {@code listener}'s socket closed. */
    void detach(long runId, RunJournal.Listener listener) {
        RunJournal journal = runs.get(runId);
        if (journal != null) {
            journal.detach(listener);
        }
    }

    /** Whether a socket listens to {@code runId} now. */
    boolean attached(long runId) {
        RunJournal journal = runs.get(runId);
        return journal != null && journal.attached();
    }

    /** Stops following {@code runId} and drops its events. */
    void forget(long runId) {
        runs.remove(runId);
        startedAtMillis.remove(runId);
    }

    /** Sends {@code event} to the run's socket and keeps it. */
    void publish(RunEvent event) {
        RunJournal journal = runs.get(event.runId());
        if (journal != null) {
            journal.add(event);
        }
    }

    /** Drops the journals of runs that ended longer ago than the retention. */
    private void purge() {
        long cutoff = clock.millis() - retention.toMillis();
        runs.values().removeIf(j -> j.endedBefore(cutoff));
    }

    @Override
    public void phase(long runId, RunPhase phase) {
        if (phase == RunPhase.PREPARING && runs.containsKey(runId)) {
            startedAtMillis.put(runId, clock.millis());
        }
        publish(new PhaseChanged(runId, phase));
    }

    @Override
    public void testStarted(long runId, dev.hive.protocol.ipc.TestStarted s) {
        publish(new TestStarted(runId, s.testId(), s.displayName(), s.cell(), s.startedAt()));
    }

    @Override
    public void testFinished(long runId, TestResult result) {
        publish(new TestFinished(runId, result));
    }

    @Override
    public void testFinished(long runId, TestResult result, String rack) {
        publish(new TestFinished(runId, result, rack));
    }

    @Override
    public void log(long runId, String source, String level, String message) {
        publish(new LogLine(runId, source, level, message));
    }

    @Override
    public void finished(long runId, RunState state, Run.Summary summary, Optional<String> error) {
        RunJournal journal = runs.get(runId);
        Long started = startedAtMillis.remove(runId);
        if (journal == null || journal.ended()) {
            return; // not followed, or told already (an API cancel and the task runner both report the end)
        }
        long duration = started == null ? 0 : Math.max(0, clock.millis() - started);
        journal.add(new RunEnded(
                runId,
                state.dbName(),
                new Summary(summary.passed(), summary.failed(), summary.skipped(), summary.errors(), duration),
                error.orElse(null)));
        journal.end(clock.millis());
        purge();
    }
}
