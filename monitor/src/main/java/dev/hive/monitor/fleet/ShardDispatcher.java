package dev.hive.monitor.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hive.monitor.log.LogEntry;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.log.LogSource;
import dev.hive.monitor.task.CellSetup;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunRefusedException;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunState;
import dev.hive.monitor.task.TestResult;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.events.TestStarted;
import dev.hive.protocol.fleet.FleetCodec;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.Shard;
import dev.hive.protocol.fleet.ShardEvent;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.RunPhase;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
 * puts the runner JAR into the hub's object store and the shards on the work queue, and turns what the racks
 * report on the run's events subject back into the run's results, log lines and end, through the same
 * observers the task runner feeds (so the run's WebSocket, the database and the dashboard see a fleet run as
 * a local one). Runs are dispatched at once, any number side by side: the racks are the limited resource.
 *
 * <p>The first complete attempt of a shard wins: events of an older attempt than the newest seen are ignored,
 * and nothing of a shard is taken after its end.
 */
public final class ShardDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One shard of a run in flight, as far as the front knows. */
    private static final class ShardState {
        private final String target;
        private long sequence; // its message on the work queue
        private int attempt;
        private String rack;
        private RunState end;
        private String error;

        ShardState(String target) {
            this.target = target;
        }
    }

    /** A run dispatched and not ended yet. */
    private static final class InFlight {
        private final long runId;
        private final String runKey;
        private final Map<String, ShardState> shards = new LinkedHashMap<>();
        private JetStreamSubscription events;
        private boolean cancelled;
        private boolean over;
        /** The cells' results taken so far ({@link #cellKey}): a later attempt does not report one twice. */
        private final java.util.Set<String> seen = new java.util.HashSet<>();

        InFlight(long runId, String runKey) {
            this.runId = runId;
            this.runKey = runKey;
        }
    }

    private final FleetLink link;
    private final String frontId;
    private final Duration claimExpiry;
    private final Duration inventoryTtl;
    private final RunQueue queue;
    private final RunRepository runs;
    private final ResultRepository results;
    private final LogRepository logs;
    private final Function<Run, Path> runnerJars;
    private final RunObserver observer;
    private final Clock clock;
    private final FleetCodec codec = new FleetCodec();
    private final FleetBoard board = new FleetBoard();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Thread taker;
    private final ExecutorService work;
    private final java.util.concurrent.ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hive-fleet-watchdog");
                t.setDaemon(true);
                return t;
            });
    private volatile long connectedAt = System.nanoTime();
    private volatile boolean setUpDone;
    private Connection advised; // the connection the advisories are heard on (the work thread only)
    private volatile boolean closed;

    public ShardDispatcher(
            FleetLink link,
            String frontId,
            Duration claimExpiry,
            Duration inventoryTtl,
            RunQueue queue,
            RunRepository runs,
            ResultRepository results,
            LogRepository logs,
            Function<Run, Path> runnerJars,
            RunObserver observer,
            Clock clock) {
        this.link = link;
        this.frontId = frontId;
        this.claimExpiry = claimExpiry;
        this.inventoryTtl = inventoryTtl;
        this.queue = queue;
        this.runs = runs;
        this.results = results;
        this.logs = logs;
        this.runnerJars = runnerJars;
        this.observer = observer;
        this.clock = clock;
        this.taker = new Thread(this::loop, "hive-fleet-front");
        this.taker.setDaemon(true);
        this.work = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hive-fleet-dispatch");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        link.onConnected(() -> {
            connectedAt = System.nanoTime();
            setUpDone = false;
        });
        taker.start();
        watchdog.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
    }

    /** The hub's streams and buckets, once per connection: racks may not create them (docs/fleet.md). */
    private void setUp() {
        Optional<Connection> connection = link.connection();
        if (setUpDone || connection.isEmpty()) {
            return;
        }
        try {
            HubResources.setUp(connection.get(), inventoryTtl);
            setUpDone = true;
        } catch (Exception e) {
            LOG.warn("fleet: setting up the hub's streams and buckets failed: {}", e.toString());
            link.failed("setting up the hub: " + e.getMessage());
        }
    }

    /**
     * Ends the shards no live rack can finish any more: the rack running one stopped reporting (its inventory
     * expired) and no other live rack offers the target, or no live rack offers a waiting shard's target. A lost
     * rack's shard whose target another live rack offers waits for its claim to lapse and to be delivered again.
     */
    private void watch() {
        setUp();
        if (inFlight.isEmpty()) {
            return;
        }
        // Just (re)connected, e.g. to a hub that restarted: the racks' entries may have expired meanwhile and not
        // be written again yet. A rack is judged lost only after one inventory TTL of connection.
        if (System.nanoTime() - connectedAt < inventoryTtl.plusSeconds(1).toNanos()) {
            return;
        }
        Optional<Connection> connection = link.connection();
        if (connection.isEmpty()) {
            return;
        }
        List<RackInventory> live;
        try {
            live = board.live(connection.get());
        } catch (Exception e) {
            LOG.debug("fleet: the watchdog cannot read the racks: {}", e.toString());
            return;
        }
        for (InFlight f : inFlight.values()) {
            boolean allEnded;
            synchronized (f) {
                if (f.over) {
                    continue;
                }
                for (ShardState s : f.shards.values()) {
                    if (s.end != null) {
                        continue;
                    }
                    boolean rackAlive = s.rack != null
                            && live.stream().anyMatch(r -> r.rackId().equals(s.rack));
                    boolean offered = live.stream().anyMatch(r -> r.targets().stream()
                            .anyMatch(t -> t.name().equals(s.target)));
                    if (!offered && !rackAlive) {
                        s.end = RunState.FAILED;
                        s.error = s.rack == null
                                ? "no live rack offers " + s.target + " any more"
                                : "rack lost: " + s.rack + " stopped reporting (attempt " + s.attempt
                                        + ") and no other live rack offers " + s.target;
                        note(f.runId, "WARN", "target " + s.target + ": " + s.error);
                    }
                }
                allEnded = f.shards.values().stream().allMatch(x -> x.end != null);
                if (allEnded) {
                    f.over = true;
                }
            }
            if (allEnded) {
                work.execute(() -> finish(f));
            }
        }
    }

    /** A shard was delivered {@link HubResources#MAX_DELIVER} times and no attempt ended: the racks were lost. */
    private void maxDeliveries(Message advisory) {
        long sequence;
        try {
            sequence = JSON.readTree(advisory.getData()).path("stream_seq").asLong(-1);
        } catch (java.io.IOException e) {
            return;
        }
        for (InFlight f : inFlight.values()) {
            boolean allEnded;
            synchronized (f) {
                ShardState s = f.shards.values().stream()
                        .filter(x -> x.sequence == sequence && x.end == null)
                        .findFirst()
                        .orElse(null);
                if (s == null || f.over) {
                    continue;
                }
                s.end = RunState.FAILED;
                s.error = "rack lost: the shard was claimed " + HubResources.MAX_DELIVER + " times (last by " + s.rack
                        + ") and no attempt ended";
                note(f.runId, "WARN", "target " + s.target + ": " + s.error);
                allEnded = f.shards.values().stream().allMatch(x -> x.end != null);
                if (allEnded) {
                    f.over = true;
                }
            }
            if (allEnded) {
                work.execute(() -> finish(f));
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
            throw new RunRefusedException(
                    503, "cannot read the fleet's racks from the hub: " + e.getMessage(), List.of());
        }
    }

    /** The run's target filter (null: every target) from its stored options. */
    private static Filter targetFilter(String optionsJson) throws java.io.IOException {
        var node = JSON.readTree(optionsJson);
        return node.hasNonNull("targets") ? JSON.treeToValue(node.get("targets"), Filter.class) : null;
    }

    /** The live racks' targets that {@code wanted} admits (all when null), each once, sorted. */
    private static List<String> targetsOf(Filter wanted, List<RackInventory> live) {
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
        InFlight f = new InFlight(runId, runKey(runId));
        try {
            runs.transition(runId, RunState.RUNNING, Optional.empty());
            observer.phase(runId, RunPhase.PREPARING);
            Filter wanted = targetFilter(run.optionsJson());
            Connection c =
                    link.connection().orElseThrow(() -> new IllegalStateException("the fleet's hub is not reachable"));
            List<String> targets = targetsOf(wanted, board.live(c));
            if (targets.isEmpty()) {
                throw new IllegalStateException("no live rack of the fleet offers a target this run admits");
            }
            HubResources.ensureStreams(c);
            if (advised != c) {
                c.createDispatcher(this::maxDeliveries)
                        .subscribe("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + HubResources.RUNS_STREAM + ".*");
                advised = c;
            }
            RunnerStore.upload(c, run.runnerSha256(), runnerJars.apply(run));
            targets.forEach(t -> f.shards.put(t, new ShardState(t)));
            inFlight.put(f.runKey, f);
            Dispatcher dispatcher = c.createDispatcher();
            f.events = c.jetStream()
                    .subscribe(
                            HubResources.eventsSubject(f.runKey),
                            dispatcher,
                            this::onEvent,
                            false,
                            PushSubscribeOptions.builder().ordered(true).build());
            for (String target : targets) {
                HubResources.ensureConsumer(c, target, claimExpiry);
                Shard shard = new Shard(f.runKey, target, run.runnerSha256(), shardOptions(run.optionsJson(), target));
                PublishAck ack = c.jetStream()
                        .publish(
                                NatsMessage.builder()
                                        .subject(HubResources.workSubject(target))
                                        .data(codec.encode(shard))
                                        .build(),
                                PublishOptions.builder()
                                        .messageId(shard.messageId())
                                        .build());
                synchronized (f) {
                    f.shards.get(target).sequence = ack.getSeqno();
                }
                if (ack.isDuplicate()) {
                    LOG.info("fleet: shard {} was on the work queue already", shard.messageId());
                }
            }
            LOG.info("fleet: run {} split into {} shard(s): {}", runId, targets.size(), targets);
            observer.phase(runId, RunPhase.RUNNING);
            boolean cancelledMeanwhile;
            synchronized (f) {
                cancelledMeanwhile = f.cancelled;
            }
            if (cancelledMeanwhile) {
                cancelShards(f);
            }
        } catch (Exception e) {
            LOG.warn("fleet: run {} could not be dispatched", runId, e);
            inFlight.remove(f.runKey);
            end(f, RunState.FAILED, "the front could not hand the run to the fleet: " + e.getMessage());
        }
    }

    /** The run's options with the targets narrowed to {@code target}. */
    private static String shardOptions(String optionsJson, String target) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(optionsJson);
        node.set("targets", JSON.valueToTree(Filter.include(target)));
        return JSON.writeValueAsString(node);
    }

    private void onEvent(Message message) {
        ShardEvent e;
        try {
            e = codec.event(message.getData());
        } catch (IllegalArgumentException ex) {
            LOG.warn("fleet: an event on {} is not a shard event: {}", message.getSubject(), ex.getMessage());
            return;
        }
        InFlight f = inFlight.get(e.runKey());
        if (f == null) {
            return;
        }
        boolean allEnded;
        synchronized (f) {
            ShardState s = f.shards.get(e.target());
            if (f.over || s == null || s.end != null || e.attempt() < s.attempt) {
                return;
            }
            if (e.attempt() > s.attempt) {
                if (s.attempt > 0) {
                    note(
                            f.runId,
                            "WARN",
                            "target " + s.target + ": attempt " + e.attempt() + " on rack " + e.rackId() + " (rack "
                                    + s.rack + " lost its claim)");
                }
                s.attempt = e.attempt();
                s.rack = e.rackId();
            }
            take(f, s, e);
            allEnded = f.shards.values().stream().allMatch(x -> x.end != null);
            if (allEnded) {
                f.over = true;
            }
        }
        if (allEnded) {
            finish(f);
        }
    }

    /** One event of the current attempt of shard {@code s}; called holding {@code f}. */
    private void take(InFlight f, ShardState s, ShardEvent e) {
        if (e.event() instanceof TestStarted t) {
            observer.testStarted(
                    f.runId,
                    new dev.hive.protocol.ipc.TestStarted(t.testId(), t.displayName(), t.cell(), t.startedAt()));
        } else if (e.event() instanceof TestFinished t) {
            if (!f.seen.add(cellKey(t.result()))) {
                return; // an earlier attempt on a lost rack reported it already
            }
            results.append(TestResult.of(
                    f.runId, t.result(), Optional.of(new CellSetup(e.rackId(), Optional.empty(), Optional.empty()))));
            observer.testFinished(f.runId, t.result(), e.rackId());
        } else if (e.event() instanceof LogLine l) {
            logs.append(LogEntry.of(
                    LogSource.RUNNER,
                    Optional.of(f.runId),
                    l.level(),
                    "fleet." + e.rackId() + "." + l.source(),
                    l.message(),
                    clock.instant()));
            observer.log(f.runId, l.source(), l.level(), "[" + e.rackId() + "] " + l.message());
        } else if (e.event() instanceof RunEnded r) {
            s.end = RunState.fromDb(r.state());
            s.error = r.error();
            note(
                    f.runId,
                    "INFO",
                    "target " + s.target + " " + r.state() + " on rack " + e.rackId() + " (attempt " + e.attempt()
                            + ")");
        }
    }

    private static String cellKey(dev.hive.protocol.run.TestResult r) {
        var c = r.cell();
        return c.target() + "\n" + c.channel() + "\n" + c.probeSerial() + "\n" + c.stack() + "\n" + c.slot() + "\n"
                + r.testId();
    }

    private void note(long runId, String level, String message) {
        LOG.info("fleet: run {}: {}", runId, message);
        observer.log(runId, "fleet", level, message);
    }

    private void finish(InFlight f) {
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
        for (ShardState s : f.shards.values()) {
            if (s.end == RunState.CANCELLED) {
                cancelled = true;
            } else if (s.end != RunState.FINISHED) {
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

    private void end(InFlight f, RunState state, String error) {
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

    /**
     * Cancels a run: a queued one leaves the queue, a dispatched one's shards are taken off the work queue
     * where no rack has claimed them yet, and the racks running the others are told to stop.
     *
     * @return false when the run is neither queued nor in flight here
     */
    public boolean cancel(long runId) {
        if (queue.cancel(runId)) {
            InFlight f = new InFlight(runId, runKey(runId));
            work.execute(() -> end(f, RunState.CANCELLED, "cancelled while queued"));
            return true;
        }
        InFlight f = inFlight.get(runKey(runId));
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

    private void cancelShards(InFlight f) {
        Optional<Connection> connection = link.connection();
        if (connection.isEmpty()) {
            LOG.warn("fleet: run {} cannot be cancelled on the racks: the hub is not reachable", f.runId);
            return;
        }
        Connection c = connection.get();
        c.publish(HubResources.cancelSubject(f.runKey), new byte[0]);
        boolean allEnded;
        synchronized (f) {
            for (ShardState s : f.shards.values()) {
                if (s.end != null || s.attempt > 0 || s.sequence == 0) {
                    continue;
                }
                try {
                    if (c.jetStreamManagement().deleteMessage(HubResources.RUNS_STREAM, s.sequence)) {
                        s.end = RunState.CANCELLED;
                        s.error = "cancelled before a rack took it";
                    }
                } catch (Exception e) {
                    LOG.debug("fleet: shard {} was taken already: {}", s.target, e.toString());
                }
            }
            allEnded = !f.over && f.shards.values().stream().allMatch(x -> x.end != null);
            if (allEnded) {
                f.over = true;
            }
        }
        if (allEnded) {
            finish(f);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        taker.interrupt();
        taker.join(TimeUnit.SECONDS.toMillis(10));
        work.shutdownNow();
        watchdog.shutdownNow();
        for (InFlight f : inFlight.values()) {
            end(f, RunState.INTERRUPTED, "the front stopped during this run");
        }
    }
}
