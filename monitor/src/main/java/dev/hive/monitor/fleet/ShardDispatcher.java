package dev.hive.monitor.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunRefusedException;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.fleet.FleetCodec;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.Shard;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.RunPhase;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.PublishOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front's way of executing runs: it takes the runs its HTTP API queued (as the task runner does on a
 * rack), splits each into one shard per target (every cell of that target on the one rack that claims it),
 * puts the runner JAR into the hub's object store and the shards on the work queue, and cancels them. What the
 * racks report comes back into the run through {@link ShardEventMerger}, through the same observers the task
 * runner feeds (so the run's WebSocket, the database and the dashboard see a fleet run as a local one);
 * {@link ShardWatchdog} ends the shards whose racks are lost. Runs are dispatched at once, any number side by
 * side: the racks are the limited resource.
 */
public final class ShardDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FleetLink link;
    private final String frontId;
    private final Duration claimExpiry;
    private final Duration inventoryTtl;
    private final RunQueue queue;
    private final RunRepository runs;
    private final Function<Run, Path> runnerJars;
    private final RunObserver observer;
    private final FleetCodec codec = new FleetCodec();
    private final FleetBoard board;
    private final FrontRuns inFlight;
    private final ShardEventMerger merger;
    private final ShardWatchdog watchdog;
    private final FrontResume resume;
    private final RunStops stops;
    private final HubReconnection reconnection;
    private final Thread taker;
    private final ExecutorService work;
    private volatile boolean setUpDone;
    private Connection advised; // the connection the advisories are heard on (the work thread only)
    private Connection followedOn; // the connection the runs in flight follow their events on (the work thread only)
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
        this.claimExpiry = claimExpiry;
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
        this.merger = new ShardEventMerger(inFlight, results, logs, observer, clock);
        this.watchdog = new ShardWatchdog(link, inventoryTtl, inFlight, board, work);
        this.stops = new RunStops(work);
        this.reconnection = new HubReconnection(inFlight, stops);
        this.resume = new FrontResume(this, runs, results, shards, inFlight, work, stops, resumeWithin);
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
            work.execute(() -> followAgain(c));
            setUpDone = true;
        } catch (Exception e) {
            LOG.warn("fleet: setting up the hub's streams and buckets failed: {}", e.toString());
            link.failed("setting up the hub: " + e.getMessage());
            link.redialIfTimedOut(e, "setting up the hub");
        }
    }

    /**
     * A new connection ({@link FleetLink#redial}, not jnats' own reconnection, which keeps its subscriptions): the
     * runs in flight followed their events on the closed one, so each follows them again on {@code c}, from its
     * first event (the merger takes each result and log line once, so the replay adds nothing twice).
     */
    private void followAgain(Connection c) {
        Connection before = followedOn;
        followedOn = c;
        if (before == null || before == c) {
            return;
        }
        advise(c);
        for (FrontRun f : List.copyOf(inFlight.all())) {
            synchronized (f) {
                if (f.over) {
                    continue;
                }
            }
            try {
                if (f.events != null) {
                    f.events.unsubscribe();
                }
            } catch (RuntimeException e) {
                LOG.debug("fleet: run {}'s events on the closed connection: {}", f.runId, e.toString());
            }
            try {
                follow(c, f);
                inFlight.note(f.runId, "INFO", "the front connected to the hub anew: following the run's events again");
            } catch (Exception e) {
                LOG.warn("fleet: run {}'s events cannot be followed on the new connection: {}", f.runId, e.toString());
                link.redialIfTimedOut(e, "following a run's events");
                followedOn = before; // the next setup tries again
            }
        }
    }

    /** The run key of a front's run, e.g. {@code front-42}: the events and cancel subjects are named by it. */
    String runKey(long runId) {
        return frontId + "-" + runId;
    }

    /**
     * Refuses a run whose targets no live rack offers, naming them; one without a target filter needs some
     * live rack with some target.
     *
     * @throws RunRefusedException 422 naming the missing targets, 503 when the hub cannot be asked
     */
    public void admit(RunOptions options) {
        List<RackInventory> live = liveRacks();
        if (options.rack() != null) {
            PinnedRun.admit(options, live);
            return;
        }
        TreeSet<String> offered = new TreeSet<>();
        live.forEach(r -> r.targets().forEach(t -> offered.add(t.name())));
        if (options.targets() != null && options.targets().mode() == Filter.Mode.INCLUDE) {
            List<String> missing = options.targets().patterns().stream()
                    .filter(p -> offered.stream().noneMatch(t -> Filter.matchesPattern(p, t)))
                    .toList();
            if (!missing.isEmpty()) {
                throw new RunRefusedException(
                        422,
                        "no live rack of the fleet offers " + String.join(", ", missing) + " (live racks offer: "
                                + (offered.isEmpty() ? "nothing" : String.join(", ", offered)) + ")",
                        missing);
            }
        }
        if (targetsOf(options.targets(), live).isEmpty()) {
            throw new RunRefusedException(
                    422,
                    "no live rack of the fleet offers a target this run admits (live racks offer: "
                            + (offered.isEmpty() ? "nothing" : String.join(", ", offered)) + ")",
                    List.of());
        }
    }

    private List<RackInventory> liveRacks() {
        Connection c = link.connection()
                .orElseThrow(() -> new RunRefusedException(
                        503,
                        "the fleet's hub is not reachable now (" + link.status().state() + "); try again",
                        List.of()));
        try {
            return board.live(c);
        } catch (Exception e) {
            link.redialIfTimedOut(e, "reading the racks");
            throw new RunRefusedException(
                    503, "cannot read the fleet's racks from the hub: " + e.getMessage(), List.of());
        }
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

    /** The live racks' targets that {@code wanted} admits (all when null), each once, sorted. */
    static List<String> targetsOf(Filter wanted, List<RackInventory> live) {
        return live.stream()
                .flatMap(r -> r.targets().stream())
                .map(RackInventory.Target::name)
                .filter(name -> wanted == null || wanted.admits(name))
                .collect(Collectors.toCollection(TreeSet::new))
                .stream()
                .toList();
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
            List<String> targets = pinned == null ? targetsOf(wanted, live) : PinnedRun.targets(pinned, wanted, live);
            if (targets.isEmpty()) {
                throw new IllegalStateException(
                        pinned == null
                                ? "no live rack of the fleet offers a target this run admits"
                                : "rack " + pinned + ", which the run is pinned to, is not live or offers no"
                                        + " target this run admits");
            }
            HubResources.ensureStreams(c);
            advise(c);
            RunnerStore.upload(c, run.runnerSha256(), runnerJars.apply(run));
            targets.forEach(t -> f.shards.put(t, new ShardProgress(t, pinned)));
            inFlight.add(f);
            inFlight.dispatched(f);
            follow(c, f);
            for (String target : targets) {
                publish(c, f, run, f.shards.get(target));
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

    /** Hears the hub's advisories of shards claimed too often on {@code c} (once per connection). */
    void advise(Connection c) {
        if (advised != c) {
            c.createDispatcher(watchdog::maxDeliveries)
                    .subscribe("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + HubResources.RUNS_STREAM + ".*");
            advised = c;
        }
    }

    /** Follows the run's events subject from its first event (an ordered consumer: in order, none missed). */
    void follow(Connection c, FrontRun f) throws java.io.IOException, io.nats.client.JetStreamApiException {
        Dispatcher dispatcher = c.createDispatcher();
        f.events = c.jetStream()
                .subscribe(
                        HubResources.eventsSubject(f.runKey),
                        dispatcher,
                        merger::onEvent,
                        false,
                        PushSubscribeOptions.builder().ordered(true).build());
    }

    /**
     * Puts shard {@code s} of {@code run} on the work queue, once: the hub drops a second publication with the same
     * message id within its duplicate window and answers with the first one's number.
     *
     * @return true when the hub had the shard already (a second publication, dropped)
     */
    boolean publish(Connection c, FrontRun f, Run run, ShardProgress s) throws Exception {
        String pinned = s.pinnedRack;
        if (pinned == null) {
            HubResources.ensureConsumer(c, s.target, claimExpiry);
        } else {
            HubResources.ensurePinnedConsumer(c, pinned, claimExpiry);
        }
        Shard shard = shardOf(f.runKey, run, s.target);
        PublishAck ack = c.jetStream()
                .publish(
                        NatsMessage.builder()
                                .subject(
                                        pinned == null
                                                ? HubResources.workSubject(s.target)
                                                : HubResources.pinnedSubject(pinned, s.target))
                                .data(codec.encode(shard))
                                .build(),
                        PublishOptions.builder().messageId(shard.messageId()).build());
        synchronized (f) {
            inFlight.published(f, s, ack.getSeqno());
        }
        if (ack.isDuplicate()) {
            LOG.info("fleet: shard {} was on the work queue already", shard.messageId());
        }
        return ack.isDuplicate();
    }

    /** The shard of {@code run} for {@code target} as the work queue gets it: the run's options narrowed to it. */
    static Shard shardOf(String runKey, Run run, String target) throws Exception {
        return new Shard(runKey, target, run.runnerSha256(), shardOptions(run.optionsJson(), target));
    }

    /** Whether the dispatcher is stopping: what fails from now on is the stop, not the run. */
    boolean closed() {
        return closed;
    }

    /** The run's options with the targets narrowed to {@code target}. */
    private static String shardOptions(String optionsJson, String target) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(optionsJson);
        node.set("targets", JSON.valueToTree(Filter.include(target)));
        return JSON.writeValueAsString(node);
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
     * while the hub is away goes out once it is back); the shards no rack took yet are taken off the work queue now, when the
     * hub is there.
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
            if (f.events != null) {
                try {
                    f.events.unsubscribe();
                } catch (RuntimeException e) {
                    LOG.debug("fleet: unsubscribing run {}'s events failed: {}", f.runId, e.toString());
                }
            }
            LOG.info("fleet: run {} goes on on the racks; the front picks it up again when it starts", f.runId);
        }
    }
}
