package dev.hive.monitor;

import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.auth.PasswordHasher;
import dev.hive.monitor.auth.SessionRepository;
import dev.hive.monitor.auth.UserRepository;
import dev.hive.monitor.config.FleetRole;
import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.control.ControlPermission;
import dev.hive.monitor.control.TargetControl;
import dev.hive.monitor.control.TaskRunnerHold;
import dev.hive.monitor.db.Database;
import dev.hive.monitor.fleet.Fleet;
import dev.hive.monitor.fleet.RackSightings;
import dev.hive.monitor.fleet.ShardDispatcher;
import dev.hive.monitor.fleet.ShardRepository;
import dev.hive.monitor.health.Health;
import dev.hive.monitor.health.HealthChange;
import dev.hive.monitor.health.HealthChecks;
import dev.hive.monitor.health.HealthGate;
import dev.hive.monitor.health.HealthRepository;
import dev.hive.monitor.health.IdleHealthChecks;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.monitor.lease.GdbServers;
import dev.hive.monitor.lease.LeaseRepository;
import dev.hive.monitor.lease.LeaseReservations;
import dev.hive.monitor.lease.LeaseStreams;
import dev.hive.monitor.lease.LeaseTargetHealth;
import dev.hive.monitor.lease.Leases;
import dev.hive.monitor.lease.RackRestore;
import dev.hive.monitor.lease.SerialGdbStreams;
import dev.hive.monitor.lease.SerialUarts;
import dev.hive.monitor.log.DatabaseLogAppender;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.metrics.FlashMetrics;
import dev.hive.monitor.metrics.Metrics;
import dev.hive.monitor.metrics.RunMetrics;
import dev.hive.monitor.rack.ActiveBuild;
import dev.hive.monitor.rack.AssignmentHealing;
import dev.hive.monitor.rack.AssignmentRepository;
import dev.hive.monitor.rack.Healing;
import dev.hive.monitor.rack.RackAssignment;
import dev.hive.monitor.rack.RackReinitializer;
import dev.hive.monitor.rack.RackViews;
import dev.hive.monitor.rack.StartedRack;
import dev.hive.monitor.rack.SwappableRack;
import dev.hive.monitor.rack.TargetAssignment;
import dev.hive.monitor.rack.Testprogram;
import dev.hive.monitor.rack.TestprogramRepository;
import dev.hive.monitor.runnerjvm.ClassDataArchives;
import dev.hive.monitor.runnerjvm.PreStartedRunners;
import dev.hive.monitor.sandbox.Sandbox;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunTickets;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.monitor.task.RunnerSandbox;
import dev.hive.monitor.task.TaskRunner;
import dev.hive.monitor.web.ApiDependencies;
import dev.hive.monitor.web.ApiServer;
import dev.hive.monitor.web.LeaseApi;
import dev.hive.monitor.web.RunControl;
import dev.hive.monitor.web.RunEventHub;
import dev.hive.monitor.web.graphql.GraphQLDependencies;
import dev.hive.monitor.web.graphql.LiveEvents;
import dev.hive.monitor.web.graphql.LoginThrottle;
import dev.hive.protocol.run.RunOptions;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.model.TargetState;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.Toolchains;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a running monitor from its configuration, in order, and closes
 * them in reverse. {@code serve} runs one until the process is stopped; tests start one on port 0.
 */
public final class Monitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    /** The idle health checks look first this long after start (a run submitted at once checks its targets itself). */
    private static final java.time.Duration IDLE_CHECKS_FIRST_DELAY = java.time.Duration.ofSeconds(10);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final MonitorConfig config;
    private Database database;
    private SwappableRack rack;
    private TargetHealth health;
    private Optional<HealthChecks> healthChecks = Optional.empty();
    private Optional<Fleet> fleet = Optional.empty();
    private TaskRunner taskRunner;
    private Leases leases;
    private GraphQLDependencies graphQLDependencies;
    private int port;

    private Monitor(MonitorConfig config) {
        this.config = config;
    }

    /**
     * Starts a monitor whose runners are started with {@code java -jar} on this Java runtime, each runner JAR with
     * its class-data archive from its second run on ({@link RunnerLauncher#javaJar(ClassDataArchives)}).
     */
    public static Monitor start(MonitorConfig config) {
        return start(config, null);
    }

    /**
     * Starts a monitor: database (migrated), runs left unfinished by a previous process marked interrupted,
     * the rack flashed, the task runner, and the HTTP server.
     *
     * @param launcher how runners are started; null: {@link RunnerLauncher#javaJar(ClassDataArchives)}
     * @throws RuntimeException with a message for the admin when a part cannot start; what had started is
     *     closed again
     */
    public static Monitor start(MonitorConfig config, RunnerLauncher launcher) {
        return start(config, launcher, Clock.systemUTC());
    }

    /** As {@link #start(MonitorConfig, RunnerLauncher)}, on {@code clock} (tests move time by hand). */
    public static Monitor start(MonitorConfig config, RunnerLauncher launcher, Clock clock) {
        var monitor = new Monitor(config);
        try {
            monitor.startParts(launcher, clock);
            return monitor;
        } catch (RuntimeException | Error e) {
            monitor.close();
            throw e;
        }
    }

    private void startParts(RunnerLauncher launcher, Clock clock) {
        createDirectories();
        Sandbox sandbox = Sandbox.resolve(config.sandbox());
        if (sandbox.isolated()) {
            LOG.info("runners are sandboxed: {}", sandbox.status().message());
        } else {
            LOG.warn("RUNNERS ARE NOT SANDBOXED: {}", sandbox.status().message());
        }

        var archives = new ClassDataArchives(sandbox);
        parts.push(archives);
        RunnerLauncher runnerLauncher = launcher != null ? launcher : RunnerLauncher.javaJar(archives);

        database = Database.open(config.databaseFile(), clock);
        parts.push(database);
        var runs = new RunRepository(database, clock);
        var results = new ResultRepository(database);
        var logs = new LogRepository(database);
        var tokens = new ApiTokenRepository(database, clock);
        parts.push(DatabaseLogAppender.install(logs, config.limits().logRetentionRows()));
        int expired = new SessionRepository(database, clock).deleteExpired();
        if (expired > 0) {
            LOG.info("{} expired web session(s) removed", expired);
        }
        // A front picks up the fleet runs it had not ended: their racks go on, their events are on the hub.
        boolean isFront = config.fleet().enabled() && config.fleet().role() == FleetRole.FRONT;
        int interrupted =
                runs.interruptUnfinished(isFront ? new ShardRepository(database, clock).unended() : List.of());
        if (interrupted > 0) {
            LOG.warn("{} run(s) left unfinished by the previous monitor are marked interrupted", interrupted);
        }

        var testprograms = new TestprogramRepository(database, clock);
        var builtin = testprograms.seedBuiltin();
        LOG.info("starting the rack from {}", config.rackFile());
        StartedRack started =
                StartedRack.start(config.rackFile(), config.dataDir().resolve("testprogram"));
        rack = new SwappableRack(started);
        parts.push(rack);
        testprograms.recordBuild(builtin.id(), started.build());
        var assignments = new AssignmentRepository(database);
        health = new TargetHealth(new HealthRepository(database), rack, clock);
        storeAssignment(assignments);
        var builder = new TestprogramBuilder(config.dataDir().resolve("testprogram"), Toolchains.fromPath());
        var activeBuild = new ActiveBuild(started.build());
        boolean otherTestprogram = activateStored(testprograms, builtin, builder, activeBuild);
        var reinitializer =
                new RackReinitializer(rack, TargetCatalog.builtin(), assignments, testprograms, builder, activeBuild);
        LOG.info(
                "rack '{}' is up: {} channel(s), {} target(s), testprogram {}",
                rack.rack().name(),
                rack.rack().channels().size(),
                rack.rack().knownSlots().size(),
                started.build().uid());

        var limits = config.limits();
        var queue = new RunQueue(limits.queueLength(), limits.ticketLifetime());
        var metrics = new Metrics(config.metrics());
        metrics.queueLength(queue::size);
        metrics.gauges()
                .register(
                        "hive.targets",
                        "Known target slots by their live condition",
                        "state",
                        dev.hive.rack.model.TargetHealth.class,
                        () -> targetsByCondition(rack));
        metrics.gauges()
                .register(
                        "hive.target.health",
                        "Known targets by their health (docs/health.md)",
                        "health",
                        Health.class,
                        () -> targetsByHealth(health));
        rack.addFlashListener(new FlashMetrics(metrics.registry()));
        var tickets = new RunTickets(limits.pendingTickets(), limits.ticketLifetime(), clock, new SecureRandom());
        var events = new RunEventHub(clock, limits.reattach());
        var live = new LiveEvents();
        live.attach(queue, runs, logs);
        Path runnerDirectory = config.dataDir().resolve("runners");
        fleet = Fleet.of(
                config.fleet(),
                rack,
                health,
                version(),
                queue,
                () -> taskRunner,
                new Fleet.Runs(
                        runs,
                        results,
                        logs,
                        TaskRunner.jarsIn(runnerDirectory),
                        runnerDirectory,
                        RunObserver.all(events, live),
                        new ShardRepository(database, clock),
                        new RackSightings(database)),
                clock);
        Optional<ShardDispatcher> front = fleet.flatMap(Fleet::front);
        var reservations = new LeaseReservations();
        healthChecks = config.health().enabled()
                ? Optional.of(new HealthChecks(
                        health, rack, activeBuild, config.health().interval(), reservations, clock))
                : Optional.empty();
        if (launcher == null && config.preStartRunners()) { // runner JVMs started before their runs (docs/ipc.md)
            var preStarted = PreStartedRunners.open(
                    sandbox,
                    config.dataDir(),
                    dir -> RunnerSandbox.spec(dir, rack),
                    TaskRunner.Settings.from(config).killGrace());
            preStarted.ifPresent(parts::push);
            runnerLauncher = RunnerLauncher.withPreStarted(runnerLauncher, preStarted);
        }
        taskRunner = new TaskRunner(
                queue,
                runs,
                results,
                logs,
                rack,
                activeBuild,
                sandbox,
                TaskRunner.jarsIn(runnerDirectory),
                runnerLauncher,
                // the metrics first: a client told a run's end and then scraping /metrics finds it counted
                RunObserver.all(
                        new RunMetrics(metrics.registry()),
                        events,
                        live,
                        fleet.map(Fleet::observer).orElse(RunObserver.NONE)),
                new HealthGate(health, healthChecks),
                TaskRunner.Settings.from(config));
        if (otherTestprogram) {
            taskRunner.targetsChanged();
        } else {
            taskRunner.targetsFlashed();
        }
        parts.push(taskRunner);
        TaskRunner tasks = taskRunner;
        var targetControl = new TargetControl(
                rack,
                new TaskRunnerHold(tasks),
                // The lease holder too; leases are made below, before the API that reaches this starts.
                ControlPermission.adminsOrHolder((slot, holder) -> leases != null && leases.heldBy(slot, holder)),
                config.dataDir().resolve("target-control"),
                clock);
        parts.push(targetControl);
        // A front executes its runs on the fleet's racks: its dispatcher takes the queue in place of the task runner.
        RunControl runControl = front.<RunControl>map(d -> new RunControl() {
                    @Override
                    public boolean cancel(long runId) {
                        return d.cancel(runId);
                    }

                    @Override
                    public void admit(RunOptions options) {
                        d.admit(options);
                    }
                })
                .orElse(tasks::cancel);
        healthChecks.ifPresent(checks -> parts.push(IdleHealthChecks.start(checks, tasks, IDLE_CHECKS_FIRST_DELAY)));
        var graphql = new GraphQLDependencies(
                clock,
                version(),
                config.tlsEnabled(),
                config.dataDir(),
                sandbox.status(),
                new UserRepository(database, clock, new PasswordHasher()),
                new SessionRepository(database, clock),
                config.sessionLifetime(),
                new LoginThrottle(clock),
                tokens,
                rack,
                TargetCatalog.builtin(),
                assignments,
                testprograms,
                builder,
                activeBuild,
                runs,
                results,
                queue,
                new GraphQLDependencies.RackControl() {
                    @Override
                    public Optional<Long> currentRun() {
                        return tasks.currentRun();
                    }

                    @Override
                    public void targetsChanged() {
                        tasks.targetsChanged();
                    }

                    @Override
                    public boolean cancel(long runId) {
                        return runControl.cancel(runId);
                    }

                    @Override
                    public RackReinitializer.Outcome reinitialize() {
                        return tasks.whileIdle(() -> {
                            RackReinitializer.Outcome outcome = reinitializer.reinitialize();
                            health.markAllUnknown(HealthChange.Kind.SYSTEM, "monitor", "the rack was reloaded");
                            fleet.ifPresent(Fleet::rackChanged);
                            if (outcome.allFlashed()) {
                                tasks.targetsFlashed();
                            } else {
                                tasks.targetsChanged();
                            }
                            return outcome;
                        });
                    }
                },
                logs,
                live,
                targetControl,
                health);
        graphQLDependencies = graphql;

        Vertx vertx = metrics.vertx();
        parts.push(() -> vertx.close().await(30, TimeUnit.SECONDS));
        taskRunner.reserveWith(reservations);
        leases = new Leases(
                config.leases(),
                new LeaseRepository(database),
                rack,
                reservations,
                new RackRestore(rack, activeBuild),
                new LeaseTargetHealth(health),
                clock);
        var gdbServers = new GdbServers(vertx, rack::current, activeBuild);
        leases.addListener(gdbServers);
        parts.push(gdbServers);
        var serialGdb = new SerialGdbStreams(vertx, rack::current);
        leases.addListener(serialGdb);
        parts.push(serialGdb);
        var serialUarts = new SerialUarts(vertx, () -> rack.current().config());
        var streams = new LeaseStreams(
                vertx, leases, rack, config.leases().uartBufferBytes(), gdbServers, serialGdb, serialUarts);
        parts.push(streams);
        leases.addListener(live);
        leases.start();
        parts.push(leases);
        var api = new ApiServer(
                vertx,
                new ApiDependencies(
                        config,
                        version(),
                        database,
                        tokens,
                        runs,
                        results,
                        queue,
                        tickets,
                        () -> RackViews.of(rack, health),
                        runControl,
                        events,
                        sandbox.status(),
                        () -> fleet.map(Fleet::roster)),
                graphql,
                metrics,
                targetControl,
                new LeaseApi(leases, streams));
        port = await(api.start());
        parts.push(() -> api.stop().await(30, TimeUnit.SECONDS));
        if (front.isEmpty()) {
            taskRunner.start();
        }
        fleet.ifPresent(f -> parts.push(f.start()));
        LOG.info("monitor {} ready on port {}", version(), port);
    }

    /**
     * When a testprogram other than the built-in one is stored as active, builds it for the rack's targets so
     * the task runner flashes it before the first run; one that does not build (any more) is logged and the
     * built-in one is made active again. Answers whether another testprogram is active.
     */
    private boolean activateStored(
            TestprogramRepository testprograms, Testprogram builtin, TestprogramBuilder builder, ActiveBuild active) {
        Optional<Testprogram> stored = testprograms.active();
        if (stored.isEmpty() || stored.get().builtIn()) {
            return false;
        }
        Testprogram t = stored.get();
        TestprogramBuild build = builder.build(testprograms.sources(t.id()).orElseThrow(), rack.knownTargets());
        testprograms.recordBuild(t.id(), build);
        if (!build.ok()) {
            LOG.warn(
                    "the active testprogram '{}' does not build ({}); the built-in one is active again",
                    t.name(),
                    build.status());
            testprograms.activate(builtin.id());
            return false;
        }
        active.replace(build);
        LOG.info("testprogram '{}' is active; the targets are flashed with it before the next run", t.name());
        return true;
    }

    /**
     * The rack as detected (started from the rack file) wins over the stored assignment; every difference is
     * logged (as the original heals a mismatch at start), and the flash status of each target is stored. So a
     * board swapped in by a reinitialisation is healed back to the rack file's at the next start.
     */
    private void storeAssignment(AssignmentRepository assignments) {
        RackAssignment stored = assignments.load();
        Healing healing = AssignmentHealing.heal(stored, RackAssignment.detectedIn(rack.rack()));
        healing.changes().forEach(change -> LOG.warn("rack assignment healed: {}", change));
        if (healing.changed() && !stored.targets().isEmpty()) {
            LOG.info(
                    "the rack file {} decides the rack at start: a board assigned and applied with 'Reload rack'"
                            + " lasts until the monitor stops; write it into the rack file to keep it",
                    config.rackFile());
        }
        List<TargetAssignment> targets = healing.targets().stream()
                .map(t -> t.state() == TargetState.KNOWN
                        ? t.withFlash(
                                rack.flashStatus(t.address()).outcome(),
                                rack.flashStatus(t.address()).message())
                        : t)
                .toList();
        assignments.replaceAll(healing.probes(), targets);
    }

    /** The known slots by live condition; a slot whose backend cannot tell counts as lost. */
    private static Map<dev.hive.rack.model.TargetHealth, Long> targetsByCondition(SwappableRack rack) {
        Map<dev.hive.rack.model.TargetHealth, Long> counts = new EnumMap<>(dev.hive.rack.model.TargetHealth.class);
        for (var slot : rack.rack().knownSlots()) {
            dev.hive.rack.model.TargetHealth health;
            try {
                health = rack.health(slot.address());
            } catch (RuntimeException e) {
                health = dev.hive.rack.model.TargetHealth.LOST;
            }
            counts.merge(health, 1L, Long::sum);
        }
        return counts;
    }

    /** The known targets by their health. */
    private static Map<Health, Long> targetsByHealth(TargetHealth health) {
        Map<Health, Long> counts = new EnumMap<>(Health.class);
        for (TargetHealth.Status status : health.all()) {
            counts.merge(status.health(), 1L, Long::sum);
        }
        return counts;
    }

    private void createDirectories() {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not start: " + e.getMessage(), e);
        }
    }

    /** The monitor's version, from its JAR's manifest ({@code dev} when run from classes). */
    public static String version() {
        String version = Monitor.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return port;
    }

    public MonitorConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    /** The rack started last (a reinitialisation may have replaced the one started with the monitor). */
    public StartedRack rack() {
        return rack.current();
    }

    /** What the web UI's GraphQL API is built from (for in-process use). */
    public GraphQLDependencies graphQLDependencies() {
        return graphQLDependencies;
    }

    public Leases leases() {
        return leases;
    }

    /** The targets' health. */
    public TargetHealth health() {
        return health;
    }

    /** The health checks, when {@code health.checks} is on. */
    public Optional<HealthChecks> healthChecks() {
        return healthChecks;
    }

    /** The fleet this monitor is part of; empty when {@code fleet.enabled} is false. */
    public Optional<Fleet> fleet() {
        return fleet;
    }

    public TaskRunner taskRunner() {
        return taskRunner;
    }

    /** Stops the HTTP server, then the task runner (a running run is interrupted), the rack and the database. */
    @Override
    public void close() {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", part, e.toString());
            }
        }
    }
}
