package dev.hive.monitor.fleet;

import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.run.RunPhase;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs a front has in flight, by run key, and how each ends: a run ends once all its shards have, as
 * {@code cancelled} when one was cancelled, {@code failed} naming every shard that did not finish, else
 * {@code finished}. The dispatcher, the event merger and the watchdog share it.
 */
final class FrontRuns {

    private static final Logger LOG = LoggerFactory.getLogger(FrontRuns.class);

    private final Map<String, FrontRun> inFlight = new ConcurrentHashMap<>();
    private final RunRepository runs;
    private final ShardRepository shards;
    private final RunObserver observer;

    FrontRuns(RunRepository runs, ShardRepository shards, RunObserver observer) {
        this.runs = runs;
        this.shards = shards;
        this.observer = observer;
    }

    /** The run's shards are on the work queue: they are kept, queued. */
    void dispatched(FrontRun f) {
        String pinned = f.shards.values().stream()
                .map(s -> s.pinnedRack)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
        keep(() -> shards.create(f.runId, List.copyOf(f.shards.keySet()), pinned), f);
    }

    /** Shard {@code s}'s message is number {@code sequence} on the work queue; called holding {@code f}. */
    void published(FrontRun f, ShardProgress s, long sequence) {
        s.sequence = sequence;
        keep(() -> shards.published(f.runId, s.target, sequence), f);
    }

    /** Shard {@code s}'s log line, event number {@code sequence} of the events stream, is stored; holding {@code f}. */
    void logged(FrontRun f, ShardProgress s, long sequence) {
        s.loggedThrough = sequence;
        keep(() -> shards.logged(f.runId, s.target, sequence), f);
    }

    /** A rack reported a newer attempt at shard {@code s}; called holding {@code f}. */
    void attempt(FrontRun f, ShardProgress s, int attempt, String rack) {
        s.attempt = attempt;
        s.rack = rack;
        keep(() -> shards.attemptStarted(f.runId, s.target, attempt, rack), f);
    }

    /** Shard {@code s} ended; called holding {@code f}. */
    void ended(FrontRun f, ShardProgress s, ShardState state, String error) {
        s.end = state;
        s.error = error;
        keep(() -> shards.ended(f.runId, s.target, state, error), f);
    }

    /** Stores what changed of a run's shards; the run goes on when the database refuses (it is only the view). */
    private static void keep(Runnable write, FrontRun f) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn("fleet: run {}: cannot store its shards: {}", f.runId, e.toString());
        }
    }

    void add(FrontRun f) {
        inFlight.put(f.runKey, f);
    }

    void remove(FrontRun f) {
        inFlight.remove(f.runKey);
    }

    FrontRun get(String runKey) {
        return inFlight.get(runKey);
    }

    Collection<FrontRun> all() {
        return inFlight.values();
    }

    boolean isEmpty() {
        return inFlight.isEmpty();
    }

    /** A line of the fleet's own in the run's log (and the monitor's). */
    void note(long runId, String level, String message) {
        LOG.info("fleet: run {}: {}", runId, message);
        observer.log(runId, "fleet", level, message);
    }

    /** Ends a run whose shards have all ended, from their ends. */
    void finish(FrontRun f) {
        inFlight.remove(f.runKey);
        if (f.events != null) {
            try {
                f.events.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("fleet: unsubscribing run {}'s events failed: {}", f.runId, e.toString());
            }
        }
        List<String> problems = new ArrayList<>();
        boolean cancelled = false;
        for (ShardProgress s : f.shards.values()) {
            if (s.end == ShardState.CANCELLED) {
                cancelled = true;
            } else if (s.end != ShardState.FINISHED) {
                problems.add("target " + s.target + (s.rack == null ? "" : " on rack " + s.rack) + ": "
                        + Optional.ofNullable(s.error).orElse(s.end.dbName()));
            }
        }
        synchronized (f) {
            cancelled |= f.cancelled;
        }
        if (cancelled) {
            end(f, RunState.CANCELLED, "the run was cancelled");
        } else if (!problems.isEmpty()) {
            end(f, RunState.FAILED, String.join("\n", problems));
        } else {
            end(f, RunState.FINISHED, null);
        }
    }

    /** Stores the run's end and tells its observers. */
    void end(FrontRun f, RunState state, String error) {
        observer.phase(f.runId, RunPhase.COLLECTING);
        Run.Summary summary = Run.Summary.EMPTY;
        try {
            summary =
                    runs.transition(f.runId, state, Optional.ofNullable(error)).summary();
        } catch (RuntimeException e) {
            LOG.warn("fleet: run {}: cannot store its end ({})", f.runId, state, e);
        }
        LOG.info("fleet: run {} {}: {}", f.runId, state.dbName(), summary);
        observer.finished(f.runId, state, summary, Optional.ofNullable(error));
    }
}
