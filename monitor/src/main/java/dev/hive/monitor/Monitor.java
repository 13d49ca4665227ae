package dev.hive.monitor;

import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.auth.SessionRepository;
import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.db.Database;
import dev.hive.monitor.log.DatabaseLogAppender;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.rack.AssignmentHealing;
import dev.hive.monitor.rack.AssignmentRepository;
import dev.hive.monitor.rack.Healing;
import dev.hive.monitor.rack.RackAssignment;
import dev.hive.monitor.rack.RackViews;
import dev.hive.monitor.rack.StartedRack;
import dev.hive.monitor.rack.TargetAssignment;
import dev.hive.monitor.rack.TestprogramRepository;
import dev.hive.monitor.sandbox.Sandbox;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunTickets;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.monitor.task.TaskRunner;
import dev.hive.monitor.web.ApiDependencies;
import dev.hive.monitor.web.ApiServer;
import dev.hive.monitor.web.RunEventHub;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.TargetState;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a running monitor from its configuration, in order, and closes
 * them in reverse. {@code serve} runs one until the process is stopped; tests start one on port 0.
 */
public final class Monitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final MonitorConfig config;
    private Database database;
    private StartedRack rack;
    private TaskRunner taskRunner;
    private int port;

    private Monitor(MonitorConfig config) {
        this.config = config;
    }

    /** Starts a monitor whose runners are started with {@code java -jar} on this Java runtime. */
    public static Monitor start(MonitorConfig config) {
        return start(config, RunnerLauncher.javaJar());
    }

    /**
     * Starts a monitor: database (migrated), runs left unfinished by a previous process marked interrupted,
     * the rack flashed, the task runner, and the HTTP server.
     *
     * @throws RuntimeException with a message for the admin when a part cannot start; what had started is
     *     closed again
     */
    public static Monitor start(MonitorConfig config, RunnerLauncher launcher) {
        var monitor = new Monitor(config);
        try {
            monitor.startParts(launcher);
            return monitor;
        } catch (RuntimeException | Error e) {
            monitor.close();
            throw e;
        }
    }

    private void startParts(RunnerLauncher launcher) {
        Clock clock = Clock.systemUTC();
        createDirectories();
        Sandbox sandbox = Sandbox.resolve(config.sandbox());
        if (sandbox.isolated()) {
            LOG.info("runners are sandboxed: {}", sandbox.status().message());
        } else {
            LOG.warn("RUNNERS ARE NOT SANDBOXED: {}", sandbox.status().message());
        }

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
        int interrupted = runs.interruptUnfinished();
        if (interrupted > 0) {
            LOG.warn("{} run(s) left unfinished by the previous monitor are marked interrupted", interrupted);
        }

        var testprograms = new TestprogramRepository(database, clock);
        var builtin = testprograms.seedBuiltin();
        LOG.info("starting the rack from {}", config.rackFile());
        rack = StartedRack.start(config.rackFile(), config.dataDir().resolve("testprogram"));
        parts.push(rack);
        testprograms.recordBuild(builtin.id(), rack.build());
        storeAssignment(new AssignmentRepository(database));
        LOG.info(
                "rack '{}' is up: {} channel(s), {} target(s), testprogram {}",
                rack.backend().rack().name(),
                rack.backend().rack().channels().size(),
                rack.backend().rack().knownSlots().size(),
                rack.build().uid());

        var limits = config.limits();
        var queue = new RunQueue(limits.queueLength(), limits.ticketLifetime());
        var tickets = new RunTickets(limits.pendingTickets(), limits.ticketLifetime(), clock, new SecureRandom());
        var events = new RunEventHub(clock);
        taskRunner = new TaskRunner(
                queue,
                runs,
                results,
                logs,
                rack.backend(),
                rack::build,
                sandbox,
                TaskRunner.jarsIn(config.dataDir().resolve("runners")),
                launcher,
                events,
                TaskRunner.Settings.from(config));
        taskRunner.targetsFlashed();
        parts.push(taskRunner);

        Vertx vertx = Vertx.vertx();
        parts.push(() -> vertx.close().await(30, TimeUnit.SECONDS));
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
                        () -> RackViews.of(rack.backend()),
                        taskRunner::cancel,
                        events,
                        sandbox.status()));
        port = await(api.start());
        parts.push(() -> api.stop().await(30, TimeUnit.SECONDS));
        taskRunner.start();
        LOG.info("monitor {} ready on port {}", version(), port);
    }

    /**
     * The rack as detected wins over the stored assignment; every difference is logged (as the original
     * heals a mismatch at start), and the flash status of each target is stored.
     */
    private void storeAssignment(AssignmentRepository assignments) {
        RackBackend backend = rack.backend();
        Healing healing = AssignmentHealing.heal(assignments.load(), RackAssignment.detectedIn(backend.rack()));
        healing.changes().forEach(change -> LOG.warn("rack assignment healed: {}", change));
        List<TargetAssignment> targets = healing.targets().stream()
                .map(t -> t.state() == TargetState.KNOWN
                        ? t.withFlash(
                                backend.flashStatus(t.address()).outcome(),
                                backend.flashStatus(t.address()).message())
                        : t)
                .toList();
        assignments.replaceAll(healing.probes(), targets);
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

    public StartedRack rack() {
        return rack;
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
