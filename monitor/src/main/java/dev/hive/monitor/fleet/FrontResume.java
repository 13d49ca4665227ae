package dev.hive.monitor.fleet;

import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunState;
import io.nats.client.Connection;
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
 * published again under their message id before the events are followed (the hub drops a copy within its
 * duplicate window). From then on the run is followed as any other: the watchdog judges its racks, and it ends
 * when its shards have.
 *
 * <p>A run that cannot be picked up ends {@code interrupted}: the hub not reachable within {@code
 * fleet.resumeWithinSeconds} of the start, or a hub whose store was replaced while the front was down (the run's
 * events are gone, {@link HubReplacement}). The racks are then told to stop the run's shards ({@link RunStops}: the
 * cancel subject, and its shards still waiting on the work queue taken off it; without a hub, once it is back).
 */
final class FrontResume {

    private static final Logger LOG = LoggerFactory.getLogger(FrontResume.class);

    private final ShardDispatcher dispatcher;
    private final ShardEventFollower follower;
    private final ShardPublisher publisher;
    private final RunRepository runs;
    private final ResultRepository results;
    private final ShardRepository shards;
    private final FrontRuns inFlight;
    private final Executor work;
    private final RunStops stops;
    private final Duration within;
    private final long startedAt = System.nanoTime();
    private List<Long> pending; // the watchdog's thread only

    FrontResume(
            ShardDispatcher dispatcher,
            ShardEventFollower follower,
            ShardPublisher publisher,
            RunRepository runs,
            ResultRepository results,
            ShardRepository shards,
            FrontRuns inFlight,
            Executor work,
            RunStops stops,
            Duration within) {
        this.dispatcher = dispatcher;
        this.follower = follower;
        this.publisher = publisher;
        this.runs = runs;
        this.results = results;
        this.shards = shards;
        this.inFlight = inFlight;
        this.work = work;
        this.stops = stops;
        this.within = within;
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
            LOG.info(
                    "fleet: {} run(s) the front had not ended will be picked up again within {} s: {}",
                    pending.size(),
                    within.toSeconds(),
                    pending);
        }
    }

    /**
     * Each second, on the watchdog's thread: once the hub is set up, picks the runs up (on the dispatcher's
     * thread); after {@code within} without the hub, ends them {@code interrupted}.
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
        } else if (System.nanoTime() - startedAt > within.toNanos()) {
            pending = List.of();
            work.execute(() -> these.forEach(runId -> interrupt(
                    runId,
                    "the front restarted and could not reach the fleet's hub within " + within.toSeconds()
                            + " s to pick this run up again",
                    Optional.empty())));
        }
    }

    private void resume(Connection c, long runId) {
        Optional<Run> run = runs.find(runId);
        if (run.isEmpty() || run.get().state() != RunState.RUNNING) {
            return;
        }
        FrontRun f = new FrontRun(runId, dispatcher.runKey(runId));
        try {
            List<ShardRepository.Stored> stored = shards.stored(runId);
            Optional<String> gone =
                    HubReplacement.eventsGone(c, HubReplacement.Known.of(stored), "while the front was down");
            if (gone.isPresent()) {
                interrupt(
                        runId,
                        "the front restarted and the fleet's hub no longer has this run's events: " + gone.get(),
                        Optional.of(c));
                return;
            }
            for (ShardRepository.Stored shard : stored) {
                ShardProgress s = new ShardProgress(shard.target(), shard.pinnedRack());
                s.sequence = shard.workSequence();
                s.attempt = shard.attempt();
                s.rack = shard.rack();
                s.loggedThrough = shard.loggedThrough();
                if (shard.state() != ShardState.QUEUED && shard.state() != ShardState.RUNNING) {
                    s.end = shard.state();
                    s.error = shard.error();
                }
                f.shards.put(s.target, s);
            }
            results.listByRun(runId).forEach(r -> f.seen.add(ShardEventMerger.cellKey(r)));
            follower.advise(c);
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
            // before the events are followed: which shards were published is what the front stored, nothing else
            for (ShardProgress s : f.shards.values()) {
                boolean unpublished;
                synchronized (f) {
                    unpublished = s.end == null && s.sequence == 0 && s.attempt == 0;
                }
                if (unpublished) {
                    boolean had = publisher.publish(c, f, run.get(), s);
                    inFlight.note(
                            runId,
                            "INFO",
                            "target " + s.target + ": the front had not stored the shard's publication: published"
                                    + " now" + (had ? " (the hub had it from before the restart: one copy kept)" : ""));
                }
            }
            follower.follow(c, f);
        } catch (Exception e) {
            inFlight.remove(f);
            if (f.events != null) {
                try {
                    f.events.unsubscribe();
                } catch (RuntimeException gone) {
                    LOG.debug("fleet: unsubscribing run {}'s events failed: {}", runId, gone.toString());
                }
            }
            if (dispatcher.closed()) {
                LOG.info("fleet: run {} was being picked up again when the front stopped: {}", runId, e.toString());
                return; // stopping: the run stays running, for the next start
            }
            LOG.warn("fleet: run {} could not be picked up again", runId, e);
            interrupt(
                    runId,
                    "the front restarted and could not pick this run up again: " + e.getMessage(),
                    Optional.of(c));
        }
    }

    /**
     * Ends a run that cannot be picked up: its unended shards and the run {@code interrupted}. The racks are told to
     * stop its shards ({@link RunStops}); without a hub ({@code c} empty) its shards still waiting on the work queue
     * are also taken off it once the hub is back.
     */
    private void interrupt(long runId, String why, Optional<Connection> c) {
        FrontRun f = new FrontRun(runId, dispatcher.runKey(runId));
        List<Long> waiting = new ArrayList<>();
        try {
            for (ShardRepository.Stored stored : shards.stored(runId)) {
                if (stored.state() == ShardState.QUEUED || stored.state() == ShardState.RUNNING) {
                    ShardProgress s = new ShardProgress(stored.target(), stored.pinnedRack());
                    inFlight.ended(f, s, ShardState.INTERRUPTED, why);
                    if (stored.attempt() == 0 && stored.workSequence() > 0) {
                        waiting.add(stored.workSequence());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("fleet: run {}: cannot read its shards: {}", runId, e.toString());
        }
        inFlight.note(runId, "WARN", why);
        inFlight.end(f, RunState.INTERRUPTED, why);
        // a hub whose store was replaced has none of the run's shards: the cancel is enough
        stops.add(new RunStops.RunStop(f.runKey, List.copyOf(waiting), c.isEmpty()));
    }
}
