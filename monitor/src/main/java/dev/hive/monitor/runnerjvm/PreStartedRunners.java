package dev.hive.monitor.runnerjvm;

import dev.hive.monitor.sandbox.RunnerOutcome;
import dev.hive.monitor.sandbox.RunnerProcess;
import dev.hive.monitor.sandbox.Sandbox;
import dev.hive.monitor.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one runner JVM started before its run: from the runner's {@link FixedPart}, in the sandbox a cold runner
 * would get (its run directory, the rack's probe and UART sockets, the Java runtime) plus the fixed JAR and an empty
 * directory where the run's JAR will appear. It is started when the monitor starts, again after each run it served
 * ends, and again when it died while it waited. {@link #take} hands it out only when it is ready, may run the JAR
 * ({@link FixedPart#conflict}) and its sandbox is still exactly what a run would get now (a lease can take a channel
 * out of the runs: then it is killed and replaced, and the run starts cold); a run never waits for it. Each JVM
 * serves one run at most. {@link #close} kills the waiting one.
 */
public final class PreStartedRunners implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreStartedRunners.class);

    /** A waiting runner is replaced after this long (a fresh one costs a second of CPU once a day). */
    private static final Duration WAIT_LIMIT = Duration.ofDays(1);

    /** Pre-starts that die while waiting, in a row, after which no more are started. */
    static final int MAX_FAILURES = 3;

    private final Sandbox sandbox;
    private final FixedPart fixed;
    private final Path directory;
    private final Function<Path, SandboxSpec> specFor;
    private final Duration killGrace;
    private final ExecutorService starter;

    private PreStartedRunner idle; // guarded by this
    private boolean closed; // guarded by this
    private int failuresInARow; // guarded by this
    private long started; // guarded by this

    /**
     * @param directory where each pre-started runner gets a directory of its own (emptied now)
     * @param specFor the sandbox of a cold runner with the given run directory, on the rack as it is when called
     * @param killGrace between SIGTERM and SIGKILL when a runner is killed
     */
    public PreStartedRunners(
            Sandbox sandbox, FixedPart fixed, Path directory, Function<Path, SandboxSpec> specFor, Duration killGrace) {
        this.sandbox = sandbox;
        this.fixed = fixed;
        this.directory = directory;
        this.specFor = specFor;
        this.killGrace = killGrace;
        this.starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pre-started-runners");
            t.setDaemon(true);
            return t;
        });
        deleteTree(directory);
    }

    /**
     * Pre-started runners from the runner's fixed part, which is copied to {@code dataDir/runner-fixed}, in {@code
     * dataDir/pre-started}; the first one is started in the background. Empty when the monitor has no fixed part.
     */
    public static Optional<PreStartedRunners> open(
            Sandbox sandbox, Path dataDir, Function<Path, SandboxSpec> specFor, Duration killGrace) {
        return FixedPart.install(dataDir.resolve("runner-fixed")).map(fixed -> {
            var runners = new PreStartedRunners(sandbox, fixed, dataDir.resolve("pre-started"), specFor, killGrace);
            runners.submit();
            return runners;
        });
    }

    private void submit() {
        try {
            starter.submit(this::preStart);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void preStart() {
        long n;
        synchronized (this) {
            if (closed || idle != null) {
                return;
            }
            n = ++started;
        }
        Path dir = directory.resolve(Long.toString(n));
        RunnerProcess process;
        PreStartedRunner runner;
        try {
            Path runDir = PreStartedRunner.runDirectoryIn(dir);
            Path jarDir = PreStartedRunner.jarDirectoryIn(dir);
            Files.createDirectories(runDir);
            Files.createDirectories(jarDir);
            SandboxSpec runSpec = specFor.apply(runDir);
            SandboxSpec spec = new SandboxSpec(
                    runSpec.runDirectory(),
                    concat(runSpec.readOnlyPaths(), fixed.jar(), jarDir),
                    runSpec.readWritePaths(),
                    runSpec.devices(),
                    runSpec.environment());
            process = RunnerProcess.startWaiting(
                    sandbox, spec, RunnerJvm.preStartCommand(fixed.jar()), WAIT_LIMIT, killGrace);
            runner = new PreStartedRunner(dir, runSpec, process);
        } catch (IOException | RuntimeException e) {
            LOG.warn("no pre-started runner: {}", e.toString());
            deleteTree(dir);
            return;
        }
        boolean keep;
        synchronized (this) {
            keep = !closed;
            if (keep) {
                idle = runner;
            }
        }
        if (!keep) {
            kill(runner);
            return;
        }
        LOG.info("runner JVM pre-started: pid {}", process.pid());
        process.onExit().whenComplete((outcome, e) -> ended(runner, outcome));
    }

    private static List<Path> concat(List<Path> paths, Path... more) {
        var all = new ArrayList<>(paths);
        all.addAll(List.of(more));
        return all;
    }

    /** A pre-started runner ended: after its run, or killed, or it died while it waited. Another one is started. */
    private void ended(PreStartedRunner runner, RunnerOutcome outcome) {
        if (!runner.handedOver()) {
            runner.deleteDirectory(); // else its run deletes it once its link is closed
        }
        boolean diedWaiting;
        synchronized (this) {
            diedWaiting = idle == runner;
            if (diedWaiting) {
                idle = null;
                failuresInARow++;
            } else {
                failuresInARow = 0;
            }
            if (closed) {
                return;
            }
            if (failuresInARow >= MAX_FAILURES) {
                LOG.warn("no more pre-started runners: {} died in a row while waiting; runs start cold", MAX_FAILURES);
                return;
            }
        }
        if (diedWaiting) {
            LOG.warn(
                    "the pre-started runner pid {} ended while waiting ({}, exit code {}); starting another: {}",
                    runner.process().pid(),
                    outcome == null ? "?" : outcome.kind(),
                    outcome == null ? "?" : outcome.exitCode(),
                    outcome == null ? "" : outcome.outputExcerpt(1000));
        }
        submit();
    }

    /**
     * The waiting runner, taken out for one run of {@code jar}; empty when there is none ready, when the JAR does
     * not match the fixed part, or when the runner's sandbox is no longer what the run would get (then it is
     * killed and another is started for the rack as it is now).
     */
    public Optional<PreStartedRunner> take(Path jar) {
        PreStartedRunner runner;
        synchronized (this) {
            runner = idle;
        }
        if (runner == null) {
            LOG.info("no pre-started runner is waiting; the run starts its runner cold");
            return Optional.empty();
        }
        if (!runner.ready()) {
            LOG.info(
                    "the pre-started runner pid {} is not ready yet; the run starts cold",
                    runner.process().pid());
            return Optional.empty();
        }
        if (fixed.conflict(jar).isPresent()) {
            return Optional.empty(); // FixedPart logged why, once per JAR
        }
        if (!specFor.apply(runner.runDirectory()).equals(runner.runSpec())) {
            LOG.info(
                    "the pre-started runner pid {} has a sandbox the rack no longer gives (its probes or UARTs"
                            + " changed): replaced; the run starts cold",
                    runner.process().pid());
            synchronized (this) {
                if (idle == runner) {
                    idle = null;
                }
            }
            runner.process().cancel(); // its end starts the next one
            return Optional.empty();
        }
        synchronized (this) {
            if (idle != runner || closed) {
                return Optional.empty();
            }
            idle = null;
        }
        return Optional.of(runner);
    }

    /** The runner waiting now, ready or not (for tests). */
    synchronized Optional<PreStartedRunner> waiting() {
        return Optional.ofNullable(idle);
    }

    private void kill(PreStartedRunner runner) {
        runner.process().cancel();
        try {
            runner.process().awaitExit(killGrace.plusSeconds(10));
        } catch (TimeoutException e) {
            LOG.error(
                    "the pre-started runner pid {} survived its kill",
                    runner.process().pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the waiting runner (a runner handed a run belongs to that run) and stops starting new ones. */
    @Override
    public void close() {
        PreStartedRunner waiting;
        synchronized (this) {
            closed = true;
            waiting = idle;
            idle = null;
        }
        starter.shutdown();
        try {
            if (!starter.awaitTermination(killGrace.toSeconds() + 10, TimeUnit.SECONDS)) {
                LOG.warn("the pre-starting thread did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (waiting != null) {
            kill(waiting);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("cannot delete {}", dir, e);
        }
    }
}
