package dev.hive.monitor.web;

import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.Queued;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.events.TestStarted;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Turns what the task runner tells about runs into {@link RunEvent}s for the runs' WebSockets. A run is
 * {@linkplain #expect expected} before it enters the queue; events that arrive before its socket
 * {@linkplain #subscribe subscribes} wait in a bounded backlog, so a client sees every phase even when the
 * rack takes its run at once. A run nobody expects (e.g. its client left) is not followed.
 */
public final class RunEventHub implements RunObserver {

    /** Events kept for a run whose socket has not subscribed yet; more are dropped. */
    static final int MAX_BACKLOG = 10_000;

    private final Clock clock;
    private final Map<Long, Followed> runs = new ConcurrentHashMap<>();

    public RunEventHub(Clock clock) {
        this.clock = clock;
    }

    /** One followed run: its subscriber or the backlog waiting for one, and when it started. */
    private static final class Followed {
        private final List<RunEvent> backlog = new ArrayList<>();
        private Consumer<RunEvent> subscriber;
        private long startedAtMillis = -1;

        synchronized void deliver(RunEvent event) {
            if (subscriber != null) {
                subscriber.accept(event);
            } else if (backlog.size() < MAX_BACKLOG) {
                // The queue announces a new run's position before enqueue returns, but the task runner may take
                // the run and report its first phase in between: the position still comes first.
                boolean firstQueued =
                        event instanceof Queued && backlog.stream().noneMatch(Queued.class::isInstance);
                backlog.add(firstQueued ? 0 : backlog.size(), event);
            }
        }

        synchronized void subscribe(Consumer<RunEvent> consumer) {
            backlog.forEach(consumer);
            backlog.clear();
            subscriber = consumer;
        }
    }

    /** Starts following {@code runId}: its events are kept until a socket subscribes. */
    void expect(long runId) {
        runs.putIfAbsent(runId, new Followed());
    }

    /** {@code consumer} hears the run's backlog, then every event as it happens, up to its {@link RunEnded}. */
    void subscribe(long runId, Consumer<RunEvent> consumer) {
        Followed followed = runs.get(runId);
        if (followed != null) {
            followed.subscribe(consumer);
        }
    }

    /** Stops following {@code runId}. */
    void forget(long runId) {
        runs.remove(runId);
    }

    /** Sends {@code event} to the run's socket (or its backlog). */
    void publish(RunEvent event) {
        Followed followed = runs.get(event.runId());
        if (followed != null) {
            followed.deliver(event);
        }
    }

    @Override
    public void phase(long runId, RunPhase phase) {
        Followed followed = runs.get(runId);
        if (followed != null && phase == RunPhase.PREPARING) {
            synchronized (followed) {
                followed.startedAtMillis = clock.millis();
            }
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
    public void log(long runId, String source, String level, String message) {
        publish(new LogLine(runId, source, level, message));
    }

    @Override
    public void finished(long runId, RunState state, Run.Summary summary, Optional<String> error) {
        Followed followed = runs.remove(runId);
        if (followed == null) {
            return;
        }
        long duration;
        synchronized (followed) {
            duration = followed.startedAtMillis < 0 ? 0 : Math.max(0, clock.millis() - followed.startedAtMillis);
        }
        followed.deliver(new RunEnded(
                runId,
                state.dbName(),
                new Summary(summary.passed(), summary.failed(), summary.skipped(), summary.errors(), duration),
                error.orElse(null)));
    }
}
