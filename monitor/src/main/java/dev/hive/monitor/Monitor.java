package dev.hive.monitor;

import dev.hive.monitor.auth.PasswordHasher;
import dev.hive.monitor.auth.SessionRepository;
import dev.hive.monitor.auth.UserRepository;
import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.control.ControlPermission;
import dev.hive.monitor.control.TargetControl;
import dev.hive.monitor.control.TaskRunnerHold;
import dev.hive.monitor.db.Database;
import dev.hive.monitor.fleet.Fleet;
import dev.hive.monitor.fleet.RackSightings;
import dev.hive.monitor.fleet.ShardDispatcher;
import dev.hive.monitor.fleet.ShardRepository;
import dev.hive.monitor.health.HealthChecks;
import dev.hive.monitor.health.HealthGate;
import dev.hive.monitor.health.HealthRepository;
import dev.hive.monitor.health.IdleHealthChecks;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.monitor.lease.LeaseReservations;
import dev.hive.monitor.lease.Leases;
import dev.hive.monitor.metrics.RunMetrics;
import dev.hive.monitor.rack.RackViews;
import dev.hive.monitor.rack.StartedRack;
import dev.hive.monitor.rack.SwappableRack;
import dev.hive.monitor.runnerjvm.ClassDataArchives;
import dev.hive.monitor.runnerjvm.PreStartedRunners;
import dev.hive.monitor.sandbox.Sandbox;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.monitor.task.RunnerSandbox;
import dev.hive.monitor.task.TaskRunner;
import dev.hive.monitor.web.ApiDependencies;
import dev.hive.monitor.web.ApiServer;
import dev.hive.monitor.web.LeaseApi;
import dev.hive.monitor.web.RunControl;
import dev.hive.monitor.web.graphql.GraphQLDependencies;
import dev.hive.monitor.web.graphql.LoginThrottle;
import dev.hive.rack.catalog.TargetCatalog;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a running monitor from its configuration, in order, and closes
 * them in reverse. {@code serve} runs one until the process is stopped; tests start one on port 0. The steps
 * with more wiring than a line are records and classes of their own beside it ({@link Repositories},
 * {@link RackStart}, {@link LeaseStart}, {@link TargetGauges}, {@link TaskRunnerRackControl},
 * {@link FrontRunControl}, {@link RunFlow}); {@link StartedParts} keeps the stop order.
 */
public final class Monitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    /** The idle health checks look first this long after start (a run submitted at once checks its targets itself). */
    private static final Duration IDLE_CHECKS_FIRST_DELAY = Duration.ofSeconds(10);

    private final StartedParts parts = new StartedParts();
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
        Sandbox sandbox = resolveSandbox();
        var archives = parts.add(new ClassDataArchives(sandbox));
        RunnerLauncher runnerLauncher = launcher != null ? launcher : RunnerLauncher.javaJar(archives);
        var stores = Repositories.open(config, clock, parts);
        database = stores.database();
        var racked = RackStart.start(config, database, clock, parts);
        rack = racked.rack();
        health = new TargetHealth(new HealthRepository(database), rack, clock);
        var flow = RunFlow.open(config, clock, stores, rack, health);
        fleet = fleet(stores, flow, clock);
        var reservations = new LeaseReservations();
        healthChecks = config.health().enabled()
                ? Optional.of(new HealthChecks(
                        health, rack, racked.activeBuild(), config.health().interval(), reservations, clock))
                : Optional.empty();
        if (launcher == null && config.preStartRunners()) { // runner JVMs started before their runs (docs/ipc.md)
            runnerLauncher = withPreStarted(runnerLauncher, sandbox);
        }
        taskRunner = startTaskRunner(stores, racked, sandbox, runnerLauncher, flow);
        startServing(clock, sandbox, stores, racked, flow, reservations);
    }

    private Sandbox resolveSandbox() {
        Sandbox sandbox = Sandbox.resolve(config.sandbox());
        if (sandbox.isolated()) {
            LOG.info("runners are sandboxed: {}", sandbox.status().message());
        } else {
            LOG.warn("RUNNERS ARE NOT SANDBOXED: {}", sandbox.status().message());
        }
        return sandbox;
    }

    /** The fleet this monitor is part of, not yet started; empty when {@code fleet.enabled} is false. */
    private Optional<Fleet> fleet(Repositories stores, RunFlow flow, Clock clock) {
        Path runnerDirectory = runnerDirectory();
        return Fleet.of(
                config.fleet(),
                rack,
                health,
                version(),
                flow.queue(),
                () -> taskRunner,
                new Fleet.Runs(
                        stores.runs(),
                        stores.results(),
                        stores.logs(),
                        TaskRunner.jarsIn(runnerDirectory),
                        runnerDirectory,
                        RunObserver.all(flow.events(), flow.live()),
                        new ShardRepository(stores.database(), clock),
                        new RackSightings(stores.database())),
                clock);
    }

    /** {@code launcher} handing runs to a runner JVM started before them, when one can be. */
    private RunnerLauncher withPreStarted(RunnerLauncher launcher, Sandbox sandbox) {
        var preStarted = PreStartedRunners.open(
                sandbox,
                config.dataDir(),
                dir -> RunnerSandbox.spec(dir, rack),
                TaskRunner.Settings.from(config).killGrace());
        preStarted.ifPresent(parts::add);
        return RunnerLauncher.withPreStarted(launcher, preStarted);
    }

    /** The task runner, told whether the targets hold the active testprogram; not yet taking runs. */
    private TaskRunner startTaskRunner(
            Repositories stores, RackStart racked, Sandbox sandbox, RunnerLauncher runnerLauncher, RunFlow flow) {
        var tasks = new TaskRunner(
                flow.queue(),
                stores.runs(),
                stores.results(),
                stores.logs(),
                rack,
                racked.activeBuild(),
                sandbox,
                TaskRunner.jarsIn(runnerDirectory()),
                runnerLauncher,
                // the metrics first: a client told a run's end and then scraping /metrics finds it counted
                RunObserver.all(
                        new RunMetrics(flow.metrics().registry()),
                        flow.events(),
                        flow.live(),
                        fleet.map(Fleet::observer).orElse(RunObserver.NONE)),
                new HealthGate(health, healthChecks),
                TaskRunner.Settings.from(config));
        if (racked.otherTestprogram()) {
            tasks.targetsChanged();
        } else {
            tasks.targetsFlashed();
        }
        return parts.add(tasks);
    }

    /** Target control, the idle checks, leases and the HTTP server; then the runs start (or the fleet's front). */
    private void startServing(
            Clock clock,
            Sandbox sandbox,
            Repositories stores,
            RackStart racked,
            RunFlow flow,
            LeaseReservations reservations) {
        Optional<ShardDispatcher> front = fleet.flatMap(Fleet::front);
        TaskRunner tasks = taskRunner;
        var targetControl = parts.add(new TargetControl(
                rack,
                new TaskRunnerHold(tasks),
                // The lease holder too; leases are made below, before the API that reaches this starts.
                ControlPermission.adminsOrHolder((slot, holder) -> leases != null && leases.heldBy(slot, holder)),
                config.dataDir().resolve("target-control"),
                clock));
        // A front executes its runs on the fleet's racks: its dispatcher takes the queue in place of the task runner.
        RunControl runControl = front.<RunControl>map(FrontRunControl::new).orElse(tasks::cancel);
        healthChecks.ifPresent(checks -> parts.add(IdleHealthChecks.start(checks, tasks, IDLE_CHECKS_FIRST_DELAY)));
        var rackControl = new TaskRunnerRackControl(tasks, runControl, racked.reinitializer(), health, fleet);
        graphQLDependencies = graphQL(clock, sandbox, stores, racked, flow, rackControl, targetControl);

        Vertx vertx = flow.metrics().vertx();
        parts.add(() -> vertx.close().await(30, TimeUnit.SECONDS));
        taskRunner.reserveWith(reservations);
        var leased = LeaseStart.start(vertx, config, database, racked, reservations, health, flow.live(), clock, parts);
        leases = leased.leases();
        var api = new ApiServer(
                vertx,
                api(sandbox, stores, flow, runControl),
                graphQLDependencies,
                flow.metrics(),
                targetControl,
                new LeaseApi(leases, leased.streams()));
        port = await(api.start());
        parts.add(() -> api.stop().await(30, TimeUnit.SECONDS));
        if (front.isEmpty()) {
            taskRunner.start();
        }
        fleet.ifPresent(f -> parts.add(f.start()));
        LOG.info("monitor {} ready on port {}", version(), port);
    }

    /** What the web UI's GraphQL API is built from. */
    private GraphQLDependencies graphQL(
            Clock clock,
            Sandbox sandbox,
            Repositories stores,
            RackStart racked,
            RunFlow flow,
            GraphQLDependencies.RackControl rackControl,
            TargetControl targetControl) {
        return new GraphQLDependencies(
                clock,
                version(),
                config.tlsEnabled(),
                config.dataDir(),
                sandbox.status(),
                new UserRepository(database, clock, new PasswordHasher()),
                new SessionRepository(database, clock),
                config.sessionLifetime(),
                new LoginThrottle(clock),
                stores.tokens(),
                rack,
                TargetCatalog.builtin(),
                racked.assignments(),
                racked.testprograms(),
                racked.builder(),
                racked.activeBuild(),
                stores.runs(),
                stores.results(),
                flow.queue(),
                rackControl,
                stores.logs(),
                flow.live(),
                targetControl,
                health);
    }

    /** What the REST API and the run WebSocket are built from. */
    private ApiDependencies api(Sandbox sandbox, Repositories stores, RunFlow flow, RunControl runControl) {
        return new ApiDependencies(
                config,
                version(),
                database,
                stores.tokens(),
                stores.runs(),
                stores.results(),
                flow.queue(),
                flow.tickets(),
                () -> RackViews.of(rack, health),
                runControl,
                flow.events(),
                sandbox.status(),
                () -> fleet.map(Fleet::roster));
    }

    private Path runnerDirectory() {
        return config.dataDir().resolve("runners");
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
        parts.close();
    }
}
