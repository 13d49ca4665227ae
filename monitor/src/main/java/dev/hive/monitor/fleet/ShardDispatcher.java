package dev.hive.monitor.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunRefusedException;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.RunPhase;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front's way of executing runs: it takes the runs its HTTP API queued (as the task runner does on a
 * rack), splits each into one shard per target (every cell of that target on the one rack that claims it),
 * puts the runner JAR into the hub's object store and the shards on the work queue ({@link ShardPublisher}), and
 * cancels them. What the racks report comes back into the run through {@link ShardEventFollower} and
 * {@link ShardEventMerger}, through the same observers the task runner feeds (so the run's WebSocket, the database
 * and the dashboard see a fleet run as a local one); {@link ShardWatchdog} ends the shards whose racks are lost.
 * Runs are dispatched at once, any number side by side: the racks are the limited resource. A run no live rack can
 * take is refused before it is queued ({@link RunAdmission}).
 */
public final class ShardDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FleetLink link;
    private final String frontId;
    private final Duration inventoryTtl;
    private final RunQueue queue;
    private final RunRepository runs;
    private final Function<Run, Path> runnerJars;
    private final RunObserver observer;
    private final FleetBoard board;
    private final FrontRuns inFlight;
    private final ShardWatchdog watchdog;
    private final ShardEventFollower follower;
    private final ShardPublisher publisher;
    private final RunAdmission admission;
    private final FrontResume resume;
    private final RunStops stops;
    private final HubReconnection reconnection;
    private final Thread taker;
    private final ExecutorService work;
    private volatile boolean setUpDone;
    private volatile boolean closed;

    /**
     * @param resumeWithin how long, after the front starts, the runs it had not ended wait for the hub
     * @param board where the live racks are read from (the front's roster hears every read)
     */
    public ShardDispatcher(
            FleetLink link,
            String frontId,
            Duration claimExpiry,
            Duration inventoryTtl,
            Duration resumeWithin,
            RunQueue queue,
            RunRepository runs,
            ResultRepository results,
            LogRepository logs,
            ShardRepository shards,
            Function<Run, Path> runnerJars,
            RunObserver observer,
            FleetBoard board,
            Clock clock) {
        this.link = link;
        this.board = board;
        this.frontId = frontId;
        this.inventoryTtl = inventoryTtl;
        this.queue = queue;
        this.runs = runs;
        this.runnerJars = runnerJars;
        this.observer = observer;
        this.taker = new Thread(this::loop, "hive-fleet-front");
        this.taker.setDaemon(true);
        this.work = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hive-fleet-dispatch");
            t.setDaemon(true);
            return t;
        });
        this.inFlight = new FrontRuns(runs, shards, observer);
        this.watchdog = new ShardWatchdog(link, inventoryTtl, inFlight, board, work);
        this.follower = new ShardEventFollower(
                link, inFlight, new ShardEventMerger(inFlight, results, logs, observer, clock), watchdog);
        this.publisher = new ShardPublisher(claimExpiry, inFlight);
        this.admission = new RunAdmission(link, board);
        this.stops = new RunStops(work);
        this.reconnection = new HubReconnection(inFlight, stops);
        this.resume =
                new FrontResume(this, follower, publisher, runs, results, shards, inFlight, work, stops, resumeWithin);
    }

    public void start() {
        link.onConnected(() -> {
            watchdog.connected();
            setUpDone = false;
        });
        resume.start();
        taker.start();
        watchdog.start(() -> {
            setUp();
            Optional<Connection> ready = setUpDone ? link.connection() : Optional.empty();
            resume.tick(ready);
            stops.tick(ready);
        });
    }

    /**
     * The hub's streams and buckets, once per connection: racks may not create them (docs/fleet.md). Before, the runs
     * in flight are checked against the hub that came back: one that was replaced has lost their events.
     */
    private void setUp() {
        Optional<Connection> connection = link.connection();
        if (setUpDone || connection.isEmpty()) {
            return;
        }
        try {
            Connection c = connection.get();
            reconnection.check(c);
            HubResources.setUp(c, inventoryTtl);
            reconnection.setUp(c);
            work.execute(() -> follower.followAgain(c));
            setUpDone = true;
        } catch (Exception e) {
            LOG.warn("fleet: setting up the hub's streams and buckets failed: {}", e.toString());
            link.failed("setting up the hub: " + e.getMessage());
            link.redialIfTimedOut(e, "setting up the hub");
        }
    }

    /** The run key of a front's run, e.g. {@code front-42}: the events and cancel subjects are named by it. */
    String runKey(long runId) {
        return frontId + "-" + runId;
    }

    /**
     * Refuses a run whose targets no live rack offers ({@link RunAdmission}).
     *
     * @throws RunRefusedException 422 naming the missing targets, 503 when the hub cannot be asked
     */
    public void admit(RunOptions options) {
        admission.admit(options);
    }

    /** The run's target filter (null: every target) from its stored options. */
    private static Filter targetFilter(String optionsJson) throws java.io.IOException {
        var node = JSON.readTree(optionsJson);
        return node.hasNonNull("targets") ? JSON.treeToValue(node.get("targets"), Filter.class) : null;
    }

    /** The rack the run is pinned to, from its stored options; null when it is not pinned. */
    private static String pinnedRack(String optionsJson) throws java.io.IOException {
        var node = JSON.readTree(optionsJson);
        return node.hasNonNull("rack") ? node.get("rack").asText() : null;
    }

    private void loop() {
        while (!closed) {
            long runId;
            try {
                runId = queue.take(Duration.ofMillis(500));
            } catch (InterruptedException e) {
                return;
            }
            if (runId < 0) {
                continue;
            }
            queue.release(runId); // the front holds no rack: the next run is dispatched at once
            work.execute(() -> dispatch(runId));
        }
    }

    private void dispatch(long runId) {
        Optional<Run> found = runs.find(runId);
        if (found.isEmpty() || found.get().state() != RunState.QUEUED) {
            return;
        }
        Run run = found.get();
        FrontRun f = new FrontRun(runId, runKey(runId));
        try {
            runs.transition(runId, RunState.RUNNING, Optional.empty());
            observer.phase(runId, RunPhase.PREPARING);
            Filter wanted = targetFilter(run.optionsJson());
            String pinned = pinnedRack(run.optionsJson());
            Connection c =
                    link.connection().orElseThrow(() -> new IllegalStateException("the fleet's hub is not reachable"));
            List<RackInventory> live = board.live(c);
            List<String> targets =
                    pinned == null ? RunAdmission.targetsOf(wanted, live) : PinnedRun.targets(pinned, wanted, live);
            if (targets.isEmpty()) {
                throw new IllegalStateException(
                        pinned == null
                                ? "no live rack of the fleet offers a target this run admits"
                                : "rack " + pinned + ", which the run is pinned to, is not live or offers no"
                                        + " target this run admits");
            }
            HubResources.ensureStreams(c);
            follower.advise(c);
            RunnerStore.upload(c, run.runnerSha256(), runnerJars.apply(run));
            targets.forEach(t -> f.shards.put(t, new ShardProgress(t, pinned)));
            inFlight.add(f);
            inFlight.dispatched(f);
            follower.follow(c, f);
            for (String target : targets) {
                publisher.publish(c, f, run, f.shards.get(target));
            }
            LOG.info(
                    "fleet: run {} split into {} shard(s): {}{}",
                    runId,
                    targets.size(),
                    targets,
                    pinned == null ? "" : ", pinned to rack " + pinned);
            observer.phase(runId, RunPhase.RUNNING);
            boolean cancelledMeanwhile;
            synchronized (f) {
                cancelledMeanwhile = f.cancelled;
            }
            if (cancelledMeanwhile) {
                cancelShards(f);
            }
        } catch (Exception e) {
            if (closed) {
                // stopping, as a crash would: the run stays running and is picked up again (or, without shards
                // stored yet, interrupted) when the front starts
                LOG.info("fleet: run {} was being dispatched when the front stopped: {}", runId, e.toString());
                return;
            }
            LOG.warn("fleet: run {} could not be dispatched", runId, e);
            inFlight.remove(f);
            String why = "the front could not hand the run to the fleet: " + e.getMessage();
            synchronized (f) {
                f.shards.values().stream()
                        .filter(s -> s.end == null)
                        .forEach(s -> inFlight.ended(f, s, ShardState.FAILED, why));
            }
            inFlight.end(f, RunState.FAILED, why);
        }
    }

    /** Whether the dispatcher is stopping: what fails from now on is the stop, not the run. */
    boolean closed() {
        return closed;
    }

    /**
     * Cancels a run: a queued one leaves the queue, a dispatched one's shards are taken off the work queue
     * where no rack has claimed them yet, and the racks running the others are told to stop.
     *
     * @return false when the run is neither queued nor in flight here
     */
    public boolean cancel(long runId) {
        if (queue.cancel(runId)) {
            FrontRun f = new FrontRun(runId, runKey(runId));
            work.execute(() -> inFlight.end(f, RunState.CANCELLED, "cancelled while queued"));
            return true;
        }
        FrontRun f = inFlight.get(runKey(runId));
        if (f == null) {
            return false;
        }
        synchronized (f) {
            if (f.over) {
                return false;
            }
            f.cancelled = true;
        }
        work.execute(() -> cancelShards(f));
        return true;
    }

    /**
     * The cancel goes out at once and again through {@link RunStops} while racks may be reconnecting (a cancel made
     * while the hub is away goes out once it is back); the shards no rack took yet are taken off the work queue now,
     * when the hub is there.
     */
    private void cancelShards(FrontRun f) {
        stops.add(RunStops.RunStop.cancelled(f.runKey));
        Optional<Connection> connection = link.connection();
        if (connection.isEmpty()) {
            LOG.warn(
                    "fleet: run {} is cancelled on the racks once the hub is reachable again; the racks run its shards"
                            + " until then",
                    f.runId);
            return;
        }
        Connection c = connection.get();
        c.publish(HubResources.cancelSubject(f.runKey), new byte[0]); // at once; RunStops repeats it
        boolean allEnded;
        synchronized (f) {
            for (ShardProgress s : f.shards.values()) {
                if (s.end != null || s.attempt > 0 || s.sequence == 0) {
                    continue;
                }
                try {
                    if (c.jetStreamManagement().deleteMessage(HubResources.RUNS_STREAM, s.sequence)) {
                        inFlight.ended(f, s, ShardState.CANCELLED, "cancelled before a rack took it");
                    }
                } catch (Exception e) {
                    LOG.debug("fleet: shard {} was taken already: {}", s.target, e.toString());
                }
            }
            allEnded = f.overWhenAllEnded();
        }
        if (allEnded) {
            inFlight.finish(f);
        }
    }

    /**
     * Stops following the runs. A run in flight stays {@code running} with its shards as they are: the racks go on,
     * and the front picks it up again when it starts ({@link FrontResume}).
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        taker.interrupt();
        taker.join(TimeUnit.SECONDS.toMillis(10));
        work.shutdownNow();
        watchdog.close();
        for (FrontRun f : inFlight.all()) {
            follower.unfollow(f);
            LOG.info("fleet: run {} goes on on the racks; the front picks it up again when it starts", f.runId);
        }
    }
}
