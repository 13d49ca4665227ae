package dev.hive.monitor.fleet;

import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunState;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up again, when a front starts, the fleet runs it had not ended (it stopped or died while they ran): the
 * racks went on with their shards and every event is in the hub's stream. Each run's shards and attempts are read
 * back from the database, its stored results become the cells already taken, and the run's events subject is
 * followed again <em>from its first event</em>: the front never stored how far it had read, and the merger's rules
 * make a replay harmless (a cell's result is taken once, an attempt once, nothing of an ended shard; a log line
 * up to the shard's {@code logged_through} is not stored twice). Shards whose publication was not stored are
 * published again under their message id (the hub drops a copy within its duplicate window). From then on the run
 * is followed as any other: the watchdog judges its racks, and it ends when its shards have.
 *
 * <p>A run that cannot be picked up ends {@code interrupted}: the hub not reachable within {@link #WITHIN} of the
 * start, or the hub without the events stream (replaced with an empty store).
 */
final class FrontResume {

    /** How long a starting front waits for the hub before it gives up its unended runs. */
    static final Duration WITHIN = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(FrontResume.class);

    private final ShardDispatcher dispatcher;
    private final RunRepository runs;
    private final ResultRepository results;
    private final ShardRepository shards;
    private final FrontRuns inFlight;
    private final Executor work;
    private final long startedAt = System.nanoTime();
    private List<Long> pending; // the watchdog's thread only

    FrontResume(
            ShardDispatcher dispatcher,
            RunRepository runs,
            ResultRepository results,
            ShardRepository shards,
            FrontRuns inFlight,
            Executor work) {
        this.dispatcher = dispatcher;
        this.runs = runs;
        this.results = results;
        this.shards = shards;
        this.inFlight = inFlight;
        this.work = work;
    }

    /** Reads the runs to pick up (the ones left {@code running}: the monitor interrupted every other). */
    void start() {
        try {
            pending = new ArrayList<>(shards.unended());
        } catch (RuntimeException e) {
            LOG.warn("fleet: cannot read the runs to pick up again: {}", e.toString());
            pending = List.of();
        }
        if (!pending.isEmpty()) {
            LOG.info("fleet: {} run(s) the front had not ended will be picked up again: {}", pending.size(), pending);
        }
    }

    /**
     * Each second, on the watchdog's thread: once the hub is set up, picks the runs up (on the dispatcher's
     * thread); after {@link #WITHIN} without the hub, ends them {@code interrupted}.
     */
    void tick(Optional<Connection> ready) {
        if (pending == null || pending.isEmpty()) {
            return;
        }
        List<Long> these = pending;
        if (ready.isPresent()) {
            pending = List.of();
            Connection c = ready.get();
            work.execute(() -> these.forEach(runId -> resume(c, runId)));
        } else if (System.nanoTime() - startedAt > WITHIN.toNanos()) {
            pending = List.of();
            work.execute(() -> these.forEach(runId -> interrupt(
                    runId,
                    "the front restarted and could not reach the fleet's hub within " + WITHIN.toSeconds()
                            + " s to pick this run up again")));
        }
    }

    private void resume(Connection c, long runId) {
        Optional<Run> run = runs.find(runId);
        if (run.isEmpty() || run.get().state() != RunState.RUNNING) {
            return;
        }
        FrontRun f = new FrontRun(runId, dispatcher.runKey(runId));
        try {
            if (!hasEvents(c)) {
                interrupt(
                        runId,
                        "the front restarted and the hub no longer has the run's events (its store was"
                                + " replaced?)");
                return;
            }
            for (ShardRepository.Stored stored : shards.stored(runId)) {
                ShardProgress s = new ShardProgress(stored.target(), stored.pinnedRack());
                s.sequence = stored.workSequence();
                s.attempt = stored.attempt();
                s.rack = stored.rack();
                s.loggedThrough = stored.loggedThrough();
                if (stored.state() != ShardState.QUEUED && stored.state() != ShardState.RUNNING) {
                    s.end = stored.state();
                    s.error = stored.error();
                }
                f.shards.put(s.target, s);
            }
            results.listByRun(runId).forEach(r -> f.seen.add(ShardEventMerger.cellKey(r)));
            dispatcher.advise(c);
            inFlight.add(f);
            inFlight.note(
                    runId,
                    "INFO",
                    "the front restarted: picking the run up again from the hub's events (" + f.seen.size()
                            + " result(s) stored before)");
            boolean allEnded;
            synchronized (f) {
                allEnded = f.overWhenAllEnded();
            }
            if (allEnded) {
                inFlight.finish(f); // every shard had ended, the run's end was not stored
                return;
            }
            dispatcher.follow(c, f);
            for (ShardProgress s : f.shards.values()) {
                boolean unpublished;
                synchronized (f) {
                    unpublished = s.end == null && s.sequence == 0 && s.attempt == 0;
                }
                if (unpublished) {
                    dispatcher.publish(c, f, run.get(), s);
                }
            }
        } catch (Exception e) {
            LOG.warn("fleet: run {} could not be picked up again", runId, e);
            inFlight.remove(f);
            if (f.events != null) {
                try {
                    f.events.unsubscribe();
                } catch (RuntimeException gone) {
                    LOG.debug("fleet: unsubscribing run {}'s events failed: {}", runId, gone.toString());
                }
            }
            interrupt(runId, "the front restarted and could not pick this run up again: " + e.getMessage());
        }
    }

    private static boolean hasEvents(Connection c) throws java.io.IOException, JetStreamApiException {
        try {
            c.jetStreamManagement().getStreamInfo(HubResources.EVENTS_STREAM);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Ends a run that cannot be picked up: its unended shards and the run {@code interrupted}. */
    private void interrupt(long runId, String why) {
        FrontRun f = new FrontRun(runId, dispatcher.runKey(runId));
        try {
            for (ShardRepository.Stored stored : shards.stored(runId)) {
                if (stored.state() == ShardState.QUEUED || stored.state() == ShardState.RUNNING) {
                    ShardProgress s = new ShardProgress(stored.target(), stored.pinnedRack());
                    inFlight.ended(f, s, ShardState.INTERRUPTED, why);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("fleet: run {}: cannot read its shards: {}", runId, e.toString());
        }
        inFlight.note(runId, "WARN", why);
        inFlight.end(f, RunState.INTERRUPTED, why);
    }
}
